import { parseCycle, TimerValueError } from '../../../src/engine/time';

const at = (iso: string) => Date.parse(iso);
/** The next firing strictly after `from`, through the public cycle interface. */
const next = (cron: string, from: string) => {
  const start = at(from);
  return new Date(start + parseCycle(cron).interval.ms(start)).toISOString();
};

describe('cron cycles (Spring 5.3 syntax, UTC)', () => {
  it('matches every second, specific seconds, ranges and steps', () => {
    expect(next('* * * * * *', '2026-01-01T10:00:00.400Z')).toBe('2026-01-01T10:00:01.000Z');
    expect(next('10 * * * * *', '2026-01-01T10:00:09Z')).toBe('2026-01-01T10:00:10.000Z');
    expect(next('10 * * * * *', '2026-01-01T10:00:10Z')).toBe('2026-01-01T10:01:10.000Z');
    expect(next('*/15 * * * * *', '2026-01-01T10:00:16Z')).toBe('2026-01-01T10:00:30.000Z');
    expect(next('0 10-12/2 * * * *', '2026-01-01T10:11:00Z')).toBe('2026-01-01T10:12:00.000Z');
    expect(next('0 0 9,17 * * *', '2026-01-01T09:00:00Z')).toBe('2026-01-01T17:00:00.000Z');
  });

  it('rolls over days, months and years', () => {
    expect(next('0 0 0 * * *', '2026-12-31T23:59:59Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 0 1 JAN *', '2026-01-01T00:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 0 0 29 2 *', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
  });

  it('requires day of month and day of week to both match', () => {
    // the next Friday the 13th after 2026-01-01 is in February 2026
    expect(next('0 0 0 13 * FRI', '2026-01-01T00:00:00Z')).toBe('2026-02-13T00:00:00.000Z');
    expect(next('0 0 0 ? * SUN', '2026-01-01T00:00:00Z')).toBe('2026-01-04T00:00:00.000Z');
    expect(next('0 0 0 * * 7', '2026-01-01T00:00:00Z')).toBe('2026-01-04T00:00:00.000Z');
  });

  it('supports L, L-n, nW, LW, dL and d#n', () => {
    expect(next('0 0 0 L * *', '2024-02-01T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
    expect(next('0 0 0 L-3 * *', '2022-01-10T00:00:00Z')).toBe('2022-01-28T00:00:00.000Z');
    expect(next('0 0 * 1W * *', '2022-06-29T00:01:00Z')).toBe('2022-07-01T00:00:00.000Z');
    // 2026-08-01 is a Saturday: the nearest weekday inside the month is Monday the 3rd
    expect(next('0 0 0 1W * *', '2026-07-15T00:00:00Z')).toBe('2026-08-03T00:00:00.000Z');
    expect(next('0 0 * LW * *', '2022-06-29T00:01:00Z')).toBe('2022-06-30T00:00:00.000Z');
    expect(next('0 0 0 * * 5L', '2026-01-01T00:00:00Z')).toBe('2026-01-30T00:00:00.000Z');
    expect(next('0 0 0 * * MON#2', '2026-01-01T00:00:00Z')).toBe('2026-01-12T00:00:00.000Z');
  });

  it('expands macros', () => {
    expect(next('@daily', '2026-01-01T10:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('@hourly', '2026-01-01T10:20:00Z')).toBe('2026-01-01T11:00:00.000Z');
    expect(next('@monthly', '2026-01-15T00:00:00Z')).toBe('2026-02-01T00:00:00.000Z');
  });

  it('rejects malformed expressions, naming the text', () => {
    expect(() => parseCycle('* * * * *')).toThrow(
      new TimerValueError(
        "Invalid cron expression '* * * * *': expected 6 fields (second minute hour day-of-month month day-of-week), found 5",
      ),
    );
    for (const bad of [
      '60 * * * * *',
      '20-10 * * * * *',
      '* * 24 * * *',
      '* * * 0 * *',
      '* * * 32 * *',
      '* * * * 13 *',
      '* * * * * 8',
      '* * * * * *SUN',
      '* * * * * SUN*',
      '? * * * * *',
    ]) {
      expect(() => parseCycle(bad)).toThrow(TimerValueError);
    }
  });
});
