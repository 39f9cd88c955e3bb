/**
 * When a timer first falls due, from its kind and ISO 8601 value, on the engine clock. Dates in the past
 * are due at once (the caller fires them immediately), like Zeebe.
 */
import { type Cycle, parseCycle } from './cycle';
import { parseDateTime } from './date-time';
import { parseDuration } from './duration';

export type TimerKind = 'timeDuration' | 'timeDate' | 'timeCycle';

export function firstDueDate(kind: TimerKind, value: string, now: number): { due: number; remaining?: Cycle } {
  switch (kind) {
    case 'timeDuration':
      return { due: now + parseDuration(value).ms(now) };
    case 'timeDate':
      return { due: parseDateTime(value) };
    case 'timeCycle': {
      const cycle = parseCycle(value);
      if (cycle.neverMatches) return { due: now, remaining: cycle };
      const due = cycle.start !== undefined ? Math.max(cycle.start, now) : now + cycle.interval.ms(now);
      return { due, remaining: cycle };
    }
  }
}
