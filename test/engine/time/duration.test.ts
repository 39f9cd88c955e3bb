import { parseDuration, TimerValueError } from '../../../src/engine/time';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it('reads exact durations', () => {
    expect(parseDuration('PT2H').ms(0)).toBe(2 * HOUR);
    expect(parseDuration('PT15M').ms(0)).toBe(15 * 60_000);
    expect(parseDuration('PT0.5S').ms(0)).toBe(500);
    expect(parseDuration('PT1H30M10.25S').ms(0)).toBe(HOUR + 30 * 60_000 + 10_250);
    expect(parseDuration('P1D').ms(0)).toBe(DAY);
    expect(parseDuration('P2W').ms(0)).toBe(14 * DAY);
    expect(parseDuration('P1DT12H').ms(0)).toBe(36 * HOUR);
    expect(parseDuration('pt2h').ms(0)).toBe(2 * HOUR);
  });

  it('adds months and years on the calendar from the given moment', () => {
    const jan15 = at('2026-01-15T08:00:00Z');
    expect(jan15 + parseDuration('P1M').ms(jan15)).toBe(at('2026-02-15T08:00:00Z'));
    const jan31 = at('2026-01-31T08:00:00Z');
    expect(jan31 + parseDuration('P1M').ms(jan31)).toBe(at('2026-02-28T08:00:00Z'));
    expect(jan31 + parseDuration('P3M').ms(jan31)).toBe(at('2026-04-30T08:00:00Z'));
    const dec31 = at('2025-12-31T23:00:00Z');
    expect(dec31 + parseDuration('P2M').ms(dec31)).toBe(at('2026-02-28T23:00:00Z'));
    expect(dec31 + parseDuration('P1Y1M1DT1H').ms(dec31)).toBe(at('2027-02-02T00:00:00Z'));
  });

  it('handles leap days', () => {
    const leapJan31 = at('2024-01-31T00:00:00Z');
    expect(leapJan31 + parseDuration('P1M').ms(leapJan31)).toBe(at('2024-02-29T00:00:00Z'));
    const leapDay = at('2024-02-29T12:00:00Z');
    expect(leapDay + parseDuration('P1Y').ms(leapDay)).toBe(at('2025-02-28T12:00:00Z'));
    expect(leapDay + parseDuration('P4Y').ms(leapDay)).toBe(at('2028-02-29T12:00:00Z'));
    const feb28 = at('2024-02-28T00:00:00Z');
    expect(feb28 + parseDuration('P1D').ms(feb28)).toBe(at('2024-02-29T00:00:00Z'));
  });

  it('rejects negative durations', () => {
    expect(() => parseDuration('-PT1H')).toThrow(TimerValueError);
    expect(() => parseDuration('-PT1H')).toThrow("Invalid duration '-PT1H': negative durations are not supported");
    expect(() => parseDuration('PT-5M')).toThrow(/negative/);
  });

  it('rejects text that is not an ISO 8601 duration, naming it', () => {
    for (const text of ['', 'P', 'PT', 'P1DT', '2h', 'PT1.5H', 'P1.5D', 'PT1H2', 'R/PT1H', '1000']) {
      expect(() => parseDuration(text)).toThrow(
        new TimerValueError(`Invalid duration '${text}': expected an ISO 8601 duration such as PT15M, P1D or P1M`),
      );
    }
  });
});
