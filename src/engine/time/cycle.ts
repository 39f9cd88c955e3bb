/**
 * Timer cycles as Zeebe reads them: a text starting with `R` is an ISO 8601 repeating interval
 * (`R3/PT10M`, `R/PT1H`, `R5/2026-01-01T00:00:00Z/P1D`), anything else a Spring cron expression.
 */
import { parseCron } from './cron';
import { parseDateTime } from './date-time';
import { parseDuration, type TimerDuration } from './duration';
import { TimerValueError } from './timer-value-error';

export interface Cycle {
  /** How many times the timer fires in total (the first firing included). */
  repetitions: number | 'infinite';
  /** Epoch ms of the first firing when the interval names a start date. */
  start?: number;
  /** Time from one firing to the next; for cron, until the next matching second. */
  interval: { ms(from: number): number };
  /** Set for cron cycles whose expression never matches: Zeebe then fires once, at once. */
  neverMatches?: boolean;
}

export function parseCycle(text: string): Cycle {
  const trimmed = text.trim();
  if (!trimmed.startsWith('R')) return cronCycle(trimmed);
  const slash = trimmed.indexOf('/');
  if (slash === -1) {
    throw new TimerValueError(`Invalid time cycle '${text}': no interval given (expected e.g. R3/PT10M or R/P1D)`);
  }
  const count = trimmed.slice(1, slash);
  if (count !== '' && !/^\d+$/.test(count)) {
    throw new TimerValueError(`Invalid time cycle '${text}': repetitions '${count}' must be a whole number`);
  }
  const rest = trimmed.slice(slash + 1);
  const startSlash = rest.lastIndexOf('/');
  const start = startSlash > 0 ? parseDateTime(rest.slice(0, startSlash)) : undefined;
  const interval = positive(parseDuration(rest.slice(startSlash + 1)), text);
  return { repetitions: count === '' ? 'infinite' : Number(count), start, interval };
}

/** A zero interval would fire forever at the same instant. */
function positive(duration: TimerDuration, text: string): TimerDuration {
  if (duration.ms(0) <= 0)
    throw new TimerValueError(`Invalid time cycle '${text}': the interval must be longer than zero`);
  return duration;
}

function cronCycle(text: string): Cycle {
  const schedule = parseCron(text);
  const probe = schedule.next(0);
  return {
    repetitions: probe === undefined ? 1 : 'infinite',
    neverMatches: probe === undefined ? true : undefined,
    interval: {
      ms(from) {
        const next = schedule.next(from);
        return next === undefined ? 0 : next - from;
      },
    },
  };
}
