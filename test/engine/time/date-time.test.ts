import { parseDateTime, TimerValueError } from '../../../src/engine/time';

describe('parseDateTime', () => {
  it('reads UTC, offsets and bracketed zone ids', () => {
    expect(parseDateTime('2026-01-01T10:00:00Z')).toBe(Date.UTC(2026, 0, 1, 10));
    expect(parseDateTime('2026-01-01T10:00:00+01:00')).toBe(Date.UTC(2026, 0, 1, 9));
    expect(parseDateTime('2026-01-01T10:00:00-05:30')).toBe(Date.UTC(2026, 0, 1, 15, 30));
    expect(parseDateTime('2026-07-01T10:00:00+02:00[Europe/Berlin]')).toBe(Date.UTC(2026, 6, 1, 8));
    expect(parseDateTime('2026-01-01T10:00Z')).toBe(Date.UTC(2026, 0, 1, 10));
    expect(parseDateTime('2026-01-01T10:00:00.123456789Z')).toBe(Date.UTC(2026, 0, 1, 10, 0, 0, 123));
  });

  it('accepts the leap day only in leap years', () => {
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(() => parseDateTime('2026-02-29T00:00:00Z')).toThrow(/day 29 does not exist in 2026-02/);
    expect(() => parseDateTime('1900-02-29T00:00:00Z')).toThrow(TimerValueError);
    expect(parseDateTime('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
  });

  it('rejects a date-time without offset, like ZonedDateTime.parse', () => {
    expect(() => parseDateTime('2026-01-01T10:00:00')).toThrow(/the offset is missing/);
    expect(() => parseDateTime('2026-01-01T10:00:00[Europe/Berlin]')).toThrow(/the offset is missing/);
  });

  it('rejects invalid values, naming the text', () => {
    expect(() => parseDateTime('tomorrow')).toThrow(/^Invalid date-time 'tomorrow': not an ISO 8601 date-time/);
    expect(() => parseDateTime('2026-01-01')).toThrow(TimerValueError);
    expect(() => parseDateTime('2026-13-01T00:00:00Z')).toThrow(/month 13/);
    expect(() => parseDateTime('2026-01-01T24:00:00Z')).toThrow(/time 24:00:00/);
    expect(() => parseDateTime('2026-01-01T10:00:00+01:00[Mars/Olympus]')).toThrow(/unknown time zone 'Mars\/Olympus'/);
  });
});
