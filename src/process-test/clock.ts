/**
 * The engine clock, moved from a test: `clock.advance('PT2H')` pins the engine's clock (`PUT /v2/clock`)
 * that far past the current engine time, so due timers fire and job deadlines pass; `clock.reset()`
 * (`POST /v2/clock/reset`) returns it to system time. The embedded engine always accepts this; a real Zeebe
 * only with ZEEBE_CLOCK_CONTROLLED=true (Camunda's testcontainer setup sets it).
 *
 * A pinned clock stands still until the next advance or reset. The REST API has no "read the clock", so the
 * toolkit remembers what it pinned; before the first pin the engine runs on system time (the same host).
 *
 * Time skipping (time-skipping.ts): `skipToNextTimer()` pins the clock just past the earliest timer the
 * instances under test wait on, `runUntilIdle()` repeats that while they wait on timers only. Both only pin,
 * so `reset()` undoes them like any advance.
 */
import type { RestApi } from './rest-api';
import { awaitTimerFired, createTimerReader, type DueTimer, historyFingerprint } from './time-skipping';

export type { DueTimer };

/** which instances time skipping looks at: one key, several, or (none given) those the running test asserted on */
export type InstancesUnderTest = string | readonly string[] | undefined;

export interface RunUntilIdleOptions {
  /** at most this many timers are skipped (a timer cycle never ends); default 20 */
  maxTimers?: number;
}

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
  /**
   * pins the clock just past the earliest timer the instances wait on (a catch event or a boundary timer);
   * resolves with that timer, or undefined when none waits. Fails on a timer set by a FEEL expression.
   */
  skipToNextTimer(instances?: InstancesUnderTest): Promise<DueTimer | undefined>;
  /**
   * skips timer after timer while the instances wait on timers only, until they end or wait on something
   * else (a job, a message, a user task); resolves with the timers skipped. Fails past maxTimers.
   */
  runUntilIdle(instances?: InstancesUnderTest, options?: RunUntilIdleOptions): Promise<DueTimer[]>;
}

export interface ClockContext {
  /** the instances the running test looked at: time skipping's default */
  tracked: () => string[];
  timeoutMs: number;
  settleMs: number;
}

const NO_CONTEXT: ClockContext = { tracked: () => [], timeoutMs: 10_000, settleMs: 0 };

export function createClock(api: RestApi, context: ClockContext = NO_CONTEXT): ProcessTestClock {
  let pinnedAt: number | undefined;
  const timers = createTimerReader(api);
  const keysOf = (instances: InstancesUnderTest) =>
    instances === undefined ? context.tracked() : typeof instances === 'string' ? [instances] : [...instances];
  /** pins just past the earliest known timer, or fails on one the toolkit cannot place in time */
  async function skip(state: Awaited<ReturnType<typeof timers.waiting>>) {
    const next = state.timers[0];
    if (!next && state.unknown.length > 0) {
      const shown = state.unknown.map((t) => `${t.elementId} (${t.value}) of ${t.processInstanceKey}`).join(', ');
      throw new Error(
        `clock: the next timer is set by an expression the toolkit cannot evaluate: ${shown}; use clock.advance()`,
      );
    }
    if (!next) return undefined;
    // a pinned clock only moves forward: a timer already due is fired by pinning to now
    await clock.pin(Math.max(next.dueAt + 1, clock.now()));
    return next;
  }
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
    async skipToNextTimer(instances) {
      const keys = keysOf(instances);
      return skip(await timers.waiting(keys));
    },
    async runUntilIdle(instances, options = {}) {
      const keys = keysOf(instances);
      const maxTimers = options.maxTimers ?? 20;
      const skipped: DueTimer[] = [];
      for (;;) {
        const state = await timers.waiting(keys);
        if (state.active.length === 0 || state.others.length > 0) return skipped;
        if (state.timers.length === 0 && state.unknown.length === 0) return skipped;
        if (skipped.length >= maxTimers) {
          throw new Error(
            `clock.runUntilIdle: still waiting on timers after ${maxTimers} (next: ${state.timers[0]?.elementId ?? state.unknown[0]?.elementId}); raise maxTimers if that is expected`,
          );
        }
        const before = await historyFingerprint(api, keys);
        const timer = await skip(state);
        if (!timer) return skipped;
        skipped.push(timer);
        const fired = await awaitTimerFired(api, keys, before, context);
        if (!fired)
          throw new Error(`clock.runUntilIdle: timer ${timer.elementId} did not fire within ${context.timeoutMs} ms`);
      }
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
