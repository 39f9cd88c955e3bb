/**
 * Comparing values of different FEEL types is null in feel-scala (Zeebe's FEEL): `"old" >= 25` is neither
 * true nor false, and a string is in no number range. feelin compares them as JS does, so `>=`, `<=` and
 * ranges said true; decision tables matched rules they should not (unary tests compare the same way).
 */
import { unaryTest } from 'feelin';
import { compileExpression } from '../../../src/engine/feel';

const evaluate = (source: string, values: Record<string, unknown> = {}) =>
  compileExpression(source).evaluate((name) => values[name]);

describe('comparisons across FEEL types', () => {
  it('are null for <, <=, >, >= and between', () => {
    expect(evaluate('= x >= 25', { x: 'old' })).toBeNull();
    expect(evaluate('= x <= 25', { x: 'old' })).toBeNull();
    expect(evaluate('= x > 25', { x: 'old' })).toBeNull();
    expect(evaluate('= x < 25', { x: 'old' })).toBeNull();
    expect(evaluate('= 5 >= "a"')).toBeNull();
    expect(evaluate('= x between 1 and 10', { x: 'a' })).toBeNull();
    expect(evaluate('= x >= date("2020-01-01")', { x: 'x' })).toBeNull();
    expect(evaluate('= x < 5', { x: [1] })).toBeNull();
    expect(evaluate('= x >= 5', { x: { a: 1 } })).toBeNull();
  });

  it('are null for membership in a range of another type', () => {
    expect(evaluate('= x in [1..10]', { x: 'a' })).toBeNull();
    expect(evaluate('= x in > 5', { x: true })).toBeNull();
  });

  it('leave comparisons of one type as they were', () => {
    expect(evaluate('= x >= 25', { x: 30 })).toBe(true);
    expect(evaluate('= x <= 25', { x: 30 })).toBe(false);
    expect(evaluate('= x >= "b"', { x: 'c' })).toBe(true);
    expect(evaluate('= x in [1..10]', { x: 10 })).toBe(true);
    expect(evaluate('= date(x) >= date("2020-01-01")', { x: '2021-01-01' })).toBe(true);
    expect(evaluate('= x >= 25', {})).toBeNull();
  });

  it('make unary tests of another type not match', () => {
    expect(unaryTest('>= 25', { '?': 'old' }).value).not.toBe(true);
    expect(unaryTest('[1..10]', { '?': 'a' }).value).not.toBe(true);
    expect(unaryTest('[1..10]', { '?': 5 }).value).toBe(true);
  });
});
