/**
 * The engine clock, moved from a test: `clock.advance('PT2H')` pins the engine's clock (`PUT /v2/clock`)
 * that far past the current engine time, so due timers fire and job deadlines pass; `clock.reset()`
 * (`POST /v2/clock/reset`) returns it to system time. The embedded engine always accepts this; a real Zeebe
 * only with ZEEBE_CLOCK_CONTROLLED=true (Camunda's testcontainer setup sets it).
 *
 * A pinned clock stands still until the next advance or reset. The REST API has no "read the clock", so the
 * toolkit remembers what it pinned; before the first pin the engine runs on system time (the same host).
 */
import type { RestApi } from './rest-api';

export interface ProcessTestClock {
  /** moves the engine clock forward by an ISO 8601 duration (PT2H, P3D, PT0.5S) or milliseconds; returns the new time */
  advance(duration: string | number): Promise<number>;
  /** pins the engine clock to this instant */
  pin(instant: number | Date): Promise<void>;
  /** back to system time */
  reset(): Promise<void>;
  /** the engine time as far as the toolkit knows: the pinned instant, or system time */
  now(): number;
  /** whether this toolkit pinned the clock since the last reset */
  isPinned(): boolean;
}

export function createClock(api: RestApi): ProcessTestClock {
  let pinnedAt: number | undefined;
  const explain = (err: unknown) =>
    new Error(`${(err as Error).message} (a real Zeebe accepts clock changes only with ZEEBE_CLOCK_CONTROLLED=true)`);
  const clock: ProcessTestClock = {
    now: () => pinnedAt ?? Date.now(),
    isPinned: () => pinnedAt !== undefined,
    async pin(instant) {
      const timestamp = typeof instant === 'number' ? instant : instant.getTime();
      if (!Number.isFinite(timestamp)) throw new RangeError(`clock.pin: not a valid instant: ${String(instant)}`);
      await api.pinClock(Math.round(timestamp)).catch((err) => {
        throw explain(err);
      });
      pinnedAt = Math.round(timestamp);
    },
    async advance(duration) {
      const ms = typeof duration === 'number' ? duration : parseIsoDuration(duration);
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`clock.advance: the clock only moves forward, got ${duration}`);
      const target = clock.now() + ms;
      await clock.pin(target);
      return target;
    },
    async reset() {
      await api.resetClock().catch((err) => {
        throw explain(err);
      });
      pinnedAt = undefined;
    },
  };
  return clock;
}

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/**
 * ISO 8601 durations of fixed length, in milliseconds: weeks, days (24 h, as Zeebe's timers count them),
 * hours, minutes, seconds. Years and months have no fixed length and are refused.
 */
export function parseIsoDuration(text: string): number {
  const match = DURATION.exec(text.trim().toUpperCase());
  if (!match || text.trim().toUpperCase() === 'P' || /T$/.test(text.trim())) {
    throw new RangeError(
      `'${text}' is not an ISO 8601 duration of weeks, days, hours, minutes and seconds (e.g. PT2H, P3D, PT1M30S)`,
    );
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const n = (value: string | undefined) => (value ? Number(value.replace(',', '.')) : 0);
  return Math.round((((n(weeks) * 7 + n(days)) * 24 + n(hours)) * 60 + n(minutes)) * 60_000 + n(seconds) * 1000);
}
