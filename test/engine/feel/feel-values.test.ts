import { compileExpression, toIsoString, toJsonValue } from '../../../src/engine/feel';

const feel = (source: string) => compileExpression(source).evaluate(() => undefined);

describe('toJsonValue: FEEL results as Zeebe stores them in variables', () => {
  it('passes plain JSON through, returning the same object when nothing changes', () => {
    const value = { a: [1, 'x', true, null], b: { c: 2 } };
    expect(toJsonValue(value)).toBe(value);
    expect(toJsonValue(undefined)).toBeNull();
    expect(toJsonValue(Number.NaN)).toBeNull();
  });

  it('writes dates, date-times and times as ISO 8601 strings', () => {
    expect(toJsonValue(feel('= date("2026-01-31") + duration("P1M")'))).toBe('2026-02-28');
    expect(toJsonValue(feel('= date and time("2026-01-01T10:00:00Z")'))).toBe('2026-01-01T10:00:00Z');
    expect(toJsonValue(feel('= date and time("2026-07-01T10:00:00@Europe/Berlin")'))).toBe('2026-07-01T10:00:00+02:00');
    expect(toJsonValue(feel('= date and time("2026-01-01T10:00:00.5")'))).toBe('2026-01-01T10:00:00.5');
    expect(toJsonValue(feel('= time("10:30:00")'))).toBe('10:30');
    expect(toJsonValue(feel('= time("10:30:15")'))).toBe('10:30:15');
  });

  it('writes durations normalised the way feel-scala prints them', () => {
    expect(toJsonValue(feel('= duration("PT36H")'))).toBe('P1DT12H');
    expect(toJsonValue(feel('= duration("PT90M")'))).toBe('PT1H30M');
    expect(toJsonValue(feel('= duration("PT0S")'))).toBe('P0D');
    expect(toJsonValue(feel('= duration("-PT2H")'))).toBe('-PT2H');
    expect(toJsonValue(feel('= duration("P14M")'))).toBe('P1Y2M');
    expect(toJsonValue(feel('= duration("P0Y")'))).toBe('P0Y');
  });

  it('converts nested values inside lists and contexts, and drops functions and ranges to null', () => {
    expect(toJsonValue(feel('= {due: date("2026-01-01"), list: [duration("PT1H")], f: function(x) x}'))).toEqual({
      due: '2026-01-01',
      list: ['PT1H'],
      f: null,
    });
    expect(toJsonValue(feel('= [1..3]'))).toBeNull();
  });
});

describe('toIsoString: exact timer values', () => {
  it('keeps the precision and zone a timer needs', () => {
    expect(toIsoString(feel('= duration("PT0.5S")'))).toBe('PT0.5S');
    expect(toIsoString(feel('= duration("P1M")'))).toBe('P1M');
    expect(toIsoString(feel('= date and time("2026-07-01T10:00:00@Europe/Berlin")'))).toBe(
      '2026-07-01T10:00:00+02:00[Europe/Berlin]',
    );
    expect(toIsoString(feel('= date and time("2026-01-01T10:00:00+01:00")'))).toBe('2026-01-01T10:00:00+01:00');
  });

  it('reads a local date-time as UTC, the engine zone', () => {
    expect(toIsoString(feel('= date and time("2026-01-01T10:00:00")'))).toBe('2026-01-01T10:00:00Z');
  });

  it('is undefined for values that are not temporal', () => {
    expect(toIsoString('PT1H')).toBeUndefined();
    expect(toIsoString(5)).toBeUndefined();
    expect(toIsoString(null)).toBeUndefined();
  });
});
