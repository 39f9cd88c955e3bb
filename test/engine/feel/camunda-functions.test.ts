import { compileExpression, FeelEvaluationError, toJsonValue } from '../../../src/engine/feel';

const evaluate = (source: string, values: Record<string, unknown> = {}) =>
  toJsonValue(compileExpression(source).evaluate((name) => values[name]));

describe("Camunda's FEEL extensions", () => {
  it('get or else returns the value unless it is null', () => {
    expect(evaluate('= get or else("this", "default")')).toBe('this');
    expect(evaluate('= get or else(null, "default")')).toBe('default');
    expect(evaluate('= get or else(null, null)')).toBeNull();
  });

  it('assert passes the value through or fails with the given cause', () => {
    expect(evaluate('= assert(4, 4 >= 0)')).toBe(4);
    expect(() => evaluate('= assert(b, b >= 0, "\'b\' should be positive")', { b: -1 })).toThrow(
      new FeelEvaluationError(
        '',
        "Assertion failure on evaluate the expression 'assert(b, b >= 0, \"'b' should be positive\")': 'b' should be positive",
      ),
    );
  });

  it('uuid() gives a fresh RFC 4122 id on each evaluation', () => {
    const first = evaluate('= uuid()');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(evaluate('= uuid()')).not.toBe(first);
  });

  it('to json and from json convert between FEEL values and JSON text', () => {
    expect(evaluate('= to json({a: 1, b: [true, null], c: date("2026-01-01")})')).toBe(
      '{"a":1,"b":[true,null],"c":"2026-01-01"}',
    );
    expect(evaluate('= from json("{\\"a\\": [1, \\"x\\"]}")')).toEqual({ a: [1, 'x'] });
    expect(evaluate('= from json("not json")')).toBeNull();
  });

  it('string functions: trim, is blank, split, extract, base64, string join with prefix and suffix', () => {
    expect(evaluate('= trim("  hello  ")')).toBe('hello');
    expect(evaluate('= is blank("  ")')).toBe(true);
    expect(evaluate('= is blank(" a ")')).toBe(false);
    expect(evaluate('= split("a,b,,c", ",")')).toEqual(['a', 'b', '', 'c']);
    expect(evaluate('= extract("order 12 and 345", "\\\\d+")')).toEqual(['12', '345']);
    expect(evaluate('= to base64("FEEL")')).toBe('RkVFTA==');
    expect(evaluate('= from base64("RkVFTA==")')).toBe('FEEL');
    expect(evaluate('= string join(["a", null, "c"], ", ", "[", "]")')).toBe('[a, c]');
    expect(evaluate('= string join(["a", "b"])')).toBe('ab');
    expect(evaluate('= string join(["a", 1], ",")')).toBeNull();
  });

  it('list functions: is empty, partition, duplicate values, list contains by value', () => {
    expect(evaluate('= is empty([])')).toBe(true);
    expect(evaluate('= is empty([1])')).toBe(false);
    expect(evaluate('= partition([1, 2, 3, 4, 5], 2)')).toEqual([[1, 2], [3, 4], [5]]);
    expect(evaluate('= partition([1], 0)')).toBeNull();
    expect(evaluate('= duplicate values([1, 2, 3, 2, 1, 4])')).toEqual([1, 2]);
    expect(evaluate('= duplicate values([{a: 1}, {b: 2}, {a: 1}, "x", "x", "x"])')).toEqual([{ a: 1 }, 'x']);
    expect(evaluate('= duplicate values([@"2026-01-01", date("2026-01-01"), null])')).toEqual(['2026-01-01']);
    expect(evaluate('= list contains([{id: 1}, {id: 2}], {id: 2})')).toBe(true);
    expect(evaluate('= list contains([1, 2], 3)')).toBe(false);
  });

  it('duplicate values looks at each item once, not at every pair (a long list held the engine for minutes)', () => {
    let reads = 0;
    const items = Array.from({ length: 300 }, (_, i) => ({
      get id() {
        reads++;
        return i % 150;
      },
    }));
    expect(
      compileExpression('= duplicate values(items)').evaluate((name) => (name === 'items' ? items : undefined)),
    ).toHaveLength(150);
    expect(reads).toBeLessThanOrEqual(2 * items.length);
  });

  it('context functions: get value with a key path, context put, put all', () => {
    expect(evaluate('= get value({x: 1, y: {z: 0}}, ["y", "z"])')).toBe(0);
    expect(evaluate('= get value({a: {b: 3}}, ["b"])')).toBeNull();
    expect(evaluate('= get value({foo: 123}, "foo")')).toBe(123);
    expect(evaluate('= context put({x: 1}, "y", 2)')).toEqual({ x: 1, y: 2 });
    expect(evaluate('= put all({a: 1}, {b: 2})')).toEqual({ a: 1, b: 2 });
  });

  it('last day of month handles leap years', () => {
    expect(evaluate('= last day of month(date("2024-02-10"))')).toBe('2024-02-29');
    expect(evaluate('= last day of month(date("2026-02-10"))')).toBe('2026-02-28');
    expect(evaluate('= last day of month(date and time("2026-04-03T10:00:00Z"))')).toBe('2026-04-30');
  });

  it('random number() lies in [0, 1)', () => {
    const value = evaluate('= random number()') as number;
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
  });

  it('wrong argument types give null, not a failure', () => {
    expect(evaluate('= trim(12)')).toBeNull();
    expect(evaluate('= partition("abc", 2)')).toBeNull();
    expect(evaluate('= last day of month("2024-02-10")')).toBeNull();
  });
});
