import { compileExpression, FeelEvaluationError, FeelSyntaxError } from '../../../src/engine/feel';

const vars = (values: Record<string, unknown>) => (name: string) => values[name];
const none = () => undefined;
const evaluate = (source: string, values: Record<string, unknown> = {}) =>
  compileExpression(source).evaluate(vars(values));

describe('compileExpression: static values and FEEL', () => {
  it('returns text without a leading = as a static string, untouched', () => {
    const compiled = compileExpression('  order-created ');
    expect(compiled.isFeel).toBe(false);
    expect(compiled.variableNames).toEqual([]);
    expect(compiled.evaluate(none)).toBe('  order-created ');
  });

  it('treats text starting with = as FEEL, trimming what follows', () => {
    const compiled = compileExpression('=   a + 1  ');
    expect(compiled.isFeel).toBe(true);
    expect(compiled.source).toBe('=   a + 1  ');
    expect(compiled.evaluate(vars({ a: 41 }))).toBe(42);
  });

  it('returns the same compiled object for the same source (parsed once)', () => {
    const first = compileExpression('= amount * 2');
    expect(compileExpression('= amount * 2')).toBe(first);
    expect(compileExpression('= amount * 3')).not.toBe(first);
  });
});

describe('evaluation', () => {
  it('does arithmetic', () => {
    expect(evaluate('= (a + b) * 2 - c / 4', { a: 1, b: 2, c: 8 })).toBe(4);
    expect(evaluate('= 2 ** 10')).toBe(1024);
  });

  it('reads paths into contexts and lists', () => {
    expect(evaluate('= order.customer.name', { order: { customer: { name: 'Ann' } } })).toBe('Ann');
    expect(evaluate('= order.items.sku', { order: { items: [{ sku: 'a' }, { sku: 'b' }] } })).toEqual(['a', 'b']);
    expect(evaluate('= items[2]', { items: ['x', 'y', 'z'] })).toBe('y');
    expect(evaluate('= items[-1]', { items: ['x', 'y', 'z'] })).toBe('z');
  });

  it('filters lists by a condition on their items, also through `item`', () => {
    const items = [
      { sku: 'a', quantity: 1 },
      { sku: 'b', quantity: 5 },
      { sku: 'c', quantity: 9 },
    ];
    expect(evaluate('= items[quantity > 2].sku', { items })).toEqual(['b', 'c']);
    expect(evaluate('= items[item.quantity < 2]', { items })).toEqual([{ sku: 'a', quantity: 1 }]);
    expect(evaluate('= count(items[quantity > limit])', { items, limit: 4 })).toBe(2);
  });

  it('evaluates conditions to booleans', () => {
    const condition = compileExpression('= amount > 100');
    expect(condition.evaluate(vars({ amount: 150 }))).toBe(true);
    expect(condition.evaluate(vars({ amount: 50 }))).toBe(false);
    expect(evaluate('= status = "declined" or amount > 100 and vip', { status: 'ok', amount: 200, vip: true })).toBe(
      true,
    );
  });

  it('concatenates strings', () => {
    expect(evaluate('= "order-" + orderId', { orderId: 'o-17' })).toBe('order-o-17');
    expect(evaluate('= "n" + 1')).toBeNull();
  });

  it('gives null for missing variables and missing entries, as Zeebe does', () => {
    expect(evaluate('= missing')).toBeNull();
    expect(evaluate('= missing.entry')).toBeNull();
    expect(evaluate('= order.missing', { order: {} })).toBeNull();
    expect(evaluate('= missing + 1')).toBeNull();
    expect(evaluate('= missing = null')).toBe(true);
  });

  it('answers is defined with false for missing and null values (Zeebe 8.8 semantics)', () => {
    expect(evaluate('= is defined(x)', { x: 0 })).toBe(true);
    expect(evaluate('= is defined(x)', { x: null })).toBe(false);
    expect(evaluate('= is defined(x)')).toBe(false);
    expect(evaluate('= is defined(x.y)', { x: { z: 1 } })).toBe(false);
  });

  it('falls back with get or else', () => {
    expect(evaluate('= get or else(priority, "normal")')).toBe('normal');
    expect(evaluate('= get or else(priority, "normal")', { priority: 'high' })).toBe('high');
  });

  it('supports for, some, every, if and context literals', () => {
    expect(evaluate('= for x in xs return x * factor', { xs: [1, 2], factor: 3 })).toEqual([3, 6]);
    expect(evaluate('= some x in xs satisfies x > 1', { xs: [1, 2] })).toBe(true);
    expect(evaluate('= every x in xs satisfies x > 1', { xs: [1, 2] })).toBe(false);
    expect(evaluate('= if a > 1 then "big" else "small"', { a: 2 })).toBe('big');
    expect(evaluate('= {total: a + b, double: total * 2}', { a: 1, b: 2 })).toEqual({ total: 3, double: 6 });
  });

  it('reads now() and today() from the engine clock it is given', () => {
    const ctx = { now: () => Date.parse('2026-03-04T05:06:07Z') };
    const lookup = vars({});
    expect(String(compileExpression('= now()').evaluate(lookup, ctx))).toBe('2026-03-04T05:06:07Z');
    expect(String(compileExpression('= today()').evaluate(lookup, ctx))).toBe('2026-03-04');
    expect(compileExpression('= now() > date and time("2026-03-04T05:00:00Z")').evaluate(lookup, ctx)).toBe(true);
    const later = { now: () => Date.parse('2027-01-01T00:00:00Z') };
    expect(String(compileExpression('= today()').evaluate(lookup, later))).toBe('2027-01-01');
  });

  it('fails the evaluation when assert() is not fulfilled, naming the expression', () => {
    expect(evaluate('= assert(x, x > 0)', { x: 3 })).toBe(3);
    expect(() => evaluate('= assert(x, x > 0)', { x: -1 })).toThrow(FeelEvaluationError);
    expect(() => evaluate('= assert(x, x > 0)', { x: -1 })).toThrow(
      "Assertion failure on evaluate the expression 'assert(x, x > 0)': The condition is not fulfilled",
    );
    expect(() => evaluate('= assert(x, x != null, "x is required")')).toThrow(/x is required/);
  });

  it('reports warnings the way Zeebe words them in incidents', () => {
    const result = compileExpression('= total > 10').evaluateWithWarnings(none);
    expect(result.value).toBeNull();
    expect(result.warnings).toEqual([{ type: 'NO_VARIABLE_FOUND', message: "No variable found with name 'total'" }]);
    // warnings do not pile up across evaluations
    expect(compileExpression('= total > 10').evaluateWithWarnings(none).warnings).toHaveLength(1);
    expect(compileExpression('= total > 10').evaluateWithWarnings(vars({ total: 11 })).warnings).toEqual([]);
  });

  it('accepts multi-word and backtick variable names', () => {
    expect(evaluate('= order total + 1', { 'order total': 9 })).toBe(10);
    expect(evaluate('= `order-total` + 1', { 'order-total': 9 })).toBe(10);
  });

  it('ignores a trailing comment', () => {
    expect(evaluate('= a + 1 // plus one', { a: 1 })).toBe(2);
  });
});

describe('variableNames', () => {
  const names = (source: string) => [...compileExpression(source).variableNames].sort();

  it('lists the top-level variables read, once each', () => {
    expect(names('= a + b * a')).toEqual(['a', 'b']);
    expect(names('= order.customer.name')).toEqual(['order']);
    expect(names('= "x" + 1')).toEqual([]);
  });

  it('leaves out variables bound by for, some and every', () => {
    expect(names('= for item in items return item.price * rate')).toEqual(['items', 'rate']);
    expect(names('= for i in xs, j in i.children return j')).toEqual(['xs']);
    expect(names('= some x in xs satisfies x > limit')).toEqual(['limit', 'xs']);
  });

  it('leaves out function parameters, earlier context keys, called function names and filter items', () => {
    expect(names('= (function(p) p + q)(1)')).toEqual(['q']);
    expect(names('= {a: 1, b: a + c}')).toEqual(['c']);
    expect(names('= count(list) + string length(s)')).toEqual(['list', 's']);
    expect(names('= items[item.price > min]')).toEqual(['items', 'min']);
  });

  it('keeps names inside filters that may be item entries or variables', () => {
    expect(names('= items[price > 10]')).toEqual(['items', 'price']);
  });
});

describe('syntax errors', () => {
  it('throws FeelSyntaxError naming the expression and the problem', () => {
    let error: unknown;
    try {
      compileExpression('= amount >');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FeelSyntaxError);
    expect((error as FeelSyntaxError).expression).toBe('= amount >');
    expect((error as Error).message).toMatch(/^failed to parse expression 'amount >': /);
  });

  it('rejects an empty expression and unbalanced input', () => {
    expect(() => compileExpression('=')).toThrow(/empty/);
    expect(() => compileExpression('= {a: }')).toThrow(FeelSyntaxError);
    expect(() => compileExpression('= (a')).toThrow(FeelSyntaxError);
  });
});
