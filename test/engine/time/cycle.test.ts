import { firstDueDate, parseCycle, TimerValueError } from '../../../src/engine/time';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

describe('parseCycle: repeating intervals', () => {
  it('reads repetitions and the interval', () => {
    const cycle = parseCycle('R3/PT10M');
    expect(cycle.repetitions).toBe(3);
    expect(cycle.start).toBeUndefined();
    expect(cycle.interval.ms(0)).toBe(10 * MINUTE);
    expect(parseCycle('R/PT1H').repetitions).toBe('infinite');
  });

  it('reads a start date', () => {
    const cycle = parseCycle('R5/2026-01-01T00:00:00Z/P1D');
    expect(cycle.repetitions).toBe(5);
    expect(cycle.start).toBe(at('2026-01-01T00:00:00Z'));
    expect(cycle.interval.ms(cycle.start as number)).toBe(24 * 60 * MINUTE);
  });

  it('steps monthly intervals on the calendar', () => {
    const cycle = parseCycle('R/2026-01-31T09:00:00Z/P1M');
    const first = cycle.start as number;
    const second = first + cycle.interval.ms(first);
    expect(second).toBe(at('2026-02-28T09:00:00Z'));
    expect(second + cycle.interval.ms(second)).toBe(at('2026-03-28T09:00:00Z'));
  });

  it('rejects malformed cycles, naming the text', () => {
    expect(() => parseCycle('R3')).toThrow(
      "Invalid time cycle 'R3': no interval given (expected e.g. R3/PT10M or R/P1D)",
    );
    expect(() => parseCycle('Rx/PT1M')).toThrow(/repetitions 'x'/);
    expect(() => parseCycle('R3/PT0S')).toThrow(/longer than zero/);
    expect(() => parseCycle('R3/-PT1M')).toThrow(TimerValueError);
    expect(() => parseCycle('R3/2026-01-01T00:00:00/PT1M')).toThrow(/offset is missing/);
  });
});

describe('firstDueDate', () => {
  const now = at('2026-01-15T12:00:00Z');

  it('timeDuration: now plus the duration', () => {
    expect(firstDueDate('timeDuration', 'PT2H', now)).toEqual({ due: at('2026-01-15T14:00:00Z') });
    expect(firstDueDate('timeDuration', 'P1M', now).due).toBe(at('2026-02-15T12:00:00Z'));
  });

  it('timeDate: the date itself, even when it has passed', () => {
    expect(firstDueDate('timeDate', '2026-02-01T00:00:00Z', now)).toEqual({ due: at('2026-02-01T00:00:00Z') });
    expect(firstDueDate('timeDate', '2025-01-01T00:00:00Z', now).due).toBe(at('2025-01-01T00:00:00Z'));
  });

  it('timeCycle: one interval from now, or the start date (at once when it has passed)', () => {
    const plain = firstDueDate('timeCycle', 'R2/PT30M', now);
    expect(plain.due).toBe(now + 30 * MINUTE);
    expect(plain.remaining?.repetitions).toBe(2);
    expect(firstDueDate('timeCycle', 'R/2026-03-01T00:00:00Z/P1D', now).due).toBe(at('2026-03-01T00:00:00Z'));
    expect(firstDueDate('timeCycle', 'R/2026-01-01T00:00:00Z/P1D', now).due).toBe(now);
  });

  it('timeCycle with cron: the next matching second', () => {
    const first = firstDueDate('timeCycle', '0 0 9 * * MON-FRI', now);
    expect(first.due).toBe(at('2026-01-16T09:00:00Z'));
    expect(first.remaining?.repetitions).toBe('infinite');
    const friday = first.due;
    expect(friday + (first.remaining?.interval.ms(friday) ?? 0)).toBe(at('2026-01-19T09:00:00Z'));
  });

  it('a cron expression that never matches fires once, at once, as in Zeebe', () => {
    const never = firstDueDate('timeCycle', '0 0 0 30 2 *', now);
    expect(never.due).toBe(now);
    expect(never.remaining?.repetitions).toBe(1);
  });

  it('passes on errors as TimerValueError', () => {
    expect(() => firstDueDate('timeDuration', 'soon', now)).toThrow(TimerValueError);
    expect(() => firstDueDate('timeDate', 'soon', now)).toThrow(TimerValueError);
    expect(() => firstDueDate('timeCycle', 'soon', now)).toThrow(TimerValueError);
  });
});
