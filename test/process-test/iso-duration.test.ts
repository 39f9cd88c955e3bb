/** clock.advance's durations: ISO 8601 of fixed length in milliseconds; years and months are refused. */
import { parseIsoDuration } from '../../src/process-test';

describe('parseIsoDuration', () => {
  it.each([
    ['PT2H', 2 * 3_600_000],
    ['P3D', 3 * 86_400_000],
    ['P1DT1S', 86_401_000],
    ['PT1M30S', 90_000],
    ['PT0.5S', 500],
    ['P1W', 7 * 86_400_000],
    ['pt10s', 10_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'P', 'PT', '2H', 'PT-1H', ''])('refuses %p, naming it', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(`'${text}' is not an ISO 8601 duration`);
  });
});
