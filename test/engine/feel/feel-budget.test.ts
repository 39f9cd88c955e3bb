/**
 * The FEEL budget at the expression level: what is charged (range sizes before the range is built, the lists
 * loops and item filters walk, function calls and the lists they return, long strings, the result as it would
 * be stored), that normal expressions give the same values under it, and that a replay's recorded excess
 * fails an evaluation without running it.
 */

import { parseExpression } from 'feelin';
import { compileExpression, FeelBudgetExceeded } from '../../../src/engine/feel';
import type { BudgetPolicy, Excess, FeelLimits } from '../../../src/engine/feel/feel-budget';
import { meteredSource } from '../../../src/engine/feel/metered-source';

const limited = (maxItems: number, maxMillis = 10_000): BudgetPolicy & { excesses: Excess[] } => {
  const excesses: Excess[] = [];
  return { excesses, admit: () => ({ maxItems, maxMillis }), exceeded: (_s, _scope, e) => excesses.push(e) };
};

function run(source: string, values: Record<string, unknown> = {}, budget: BudgetPolicy = limited(1000)) {
  return compileExpression(source).evaluate((name) => values[name], { now: () => 0, budget });
}

/** The excess the evaluation fails with, or the value when it does not. */
function outcome(source: string, values: Record<string, unknown> = {}, maxItems = 1000): unknown {
  try {
    return run(source, values, limited(maxItems));
  } catch (err) {
    if (err instanceof FeelBudgetExceeded) return err.excess;
    throw err;
  }
}

const ITEMS = (amount: number) => ({ limit: 'items', amount });
const list = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('FEEL budget: what is charged', () => {
  it('charges a range by its size before building it', () => {
    // 999 elements and the call of count()
    expect(outcome('= count(for i in 1..999 return i)')).toBe(999);
    expect(outcome('= count(for i in 1..1000 return i)')).toEqual(ITEMS(1000));
    // (unmetered, 5e8 elements would not fit in the heap)
    expect(outcome('= count(for i in 1..500000000 return i)')).toEqual(ITEMS(1000));
    expect(outcome('= some i in 1..500000000 satisfies i = 1')).toEqual(ITEMS(1000));
  });

  it('counts a number range with a fractional bound, which feelin never finishes, as endless', () => {
    expect(outcome('= for i in 1.5..3 return i')).toEqual(ITEMS(1000));
    expect(outcome('= for i in 2..2 return i')).toEqual([2]);
  });

  it('charges every pass over a list: nested loops, several iteration contexts, nested item filters', () => {
    const l = list(40);
    expect(outcome('= count(for a in l return a)', { l })).toBe(40);
    expect(outcome('= count(for a in l, b in l return a)', { l })).toEqual(ITEMS(1000));
    expect(outcome('= count(for a in l return for b in l return a)', { l })).toEqual(ITEMS(1000));
    expect(outcome('= count(l[item > 3])', { l })).toBe(37);
    expect(outcome('= count(l[count(l[item > 3]) > 3])', { l })).toEqual(ITEMS(1000));
    expect(outcome('= every x in l satisfies some y in l satisfies y >= x', { l })).toEqual(ITEMS(1000));
  });

  it('does not charge index filters for the whole list', () => {
    const l = list(900);
    expect(outcome('= sum(for i in 1..30 return l[i])', { l })).toBe(465);
  });

  it('charges function calls (recursion included) and the lists they return', () => {
    expect(outcome('= {f: function(n) if n = 0 then 0 else f(n - 1) + f(n - 1)}.f(20)')).toEqual(ITEMS(1000));
    expect(
      outcome('= count(for i in 1..20 return if i = 1 then [1] else concatenate(partial[-1], partial[-1]))'),
    ).toEqual(ITEMS(1000));
  });

  it('charges distinct values and union of lists or contexts for the pairs they compare, before comparing', () => {
    const contexts = list(60).map((id) => ({ id }));
    expect(outcome('= count(distinct values(l))', { l: contexts })).toEqual(ITEMS(1000));
    expect(outcome('= count(union(l, l))', { l: contexts })).toEqual(ITEMS(1000));
    // scalars are hashed, not compared pairwise
    expect(outcome('= count(distinct values(l))', { l: list(900) })).toBe(900);
    expect(outcome('= count(distinct values(l))', { l: list(20).map((id) => ({ id })) })).toBe(20);
  });

  it('measures the result as it would be stored: a list shared many times counts each time', () => {
    expect(outcome('= for i in 1..30 return if i = 1 then [1] else [partial[-1], partial[-1]]')).toEqual(ITEMS(1000));
    expect(outcome('= {a: [1, 2, 3], b: "xyz"}')).toEqual({ a: [1, 2, 3], b: 'xyz' });
    // a variable passed on as it is was not produced by the expression
    expect(outcome('= l', { l: list(5000) })).toHaveLength(5000);
    expect(outcome('= {l: l}', { l: list(5000) })).toEqual(ITEMS(1000));
  });

  it('refuses a string longer than the item limit, built or returned', () => {
    expect(outcome('= for i in 1..12 return if i = 1 then "ab" else partial[-1] + partial[-1]')).toEqual(ITEMS(1000));
    expect(outcome('= string length(s + s)', { s: 'x'.repeat(600) })).toEqual(ITEMS(1000));
  });

  it('fails on time, whatever the items', () => {
    const budget = limited(Number.POSITIVE_INFINITY, 20);
    expect(() => run('= {f: function(n) if n = 0 then 0 else f(n - 1) + f(n - 1)}.f(40)', {}, budget)).toThrow(
      "failed to evaluate expression '{f: function(n) if n = 0 then 0 else f(n - 1) + f(n - 1)}.f(40)': the evaluation exceeded the FEEL evaluation limit of 20 ms (ENGINE_FEEL_MAX_TIME_MS)",
    );
    expect(budget.excesses).toEqual([{ limit: 'time', amount: 20 }]);
  });
});

describe('FEEL budget: the time is checked in every iteration', () => {
  /** a variable whose `a` takes a millisecond to read: work the budget does not charge */
  const slowReads = () => {
    const counter = { reads: 0 };
    const slow = {
      get a() {
        counter.reads++;
        const until = performance.now() + 1;
        while (performance.now() < until);
        return 1;
      },
    };
    return { counter, slow };
  };

  it.each([
    ['a for', '= for i in 1..1000 return slow.a'],
    ['a some', '= some i in 1..1000 satisfies slow.a = 0'],
    ['a filter', '= l[slow.a = 0]'],
  ])('%s stops at the time limit, before its last iteration', (_kind, source) => {
    const { counter, slow } = slowReads();
    expect(() => run(source, { slow, l: list(1000) }, limited(Number.POSITIVE_INFINITY, 20))).toThrow(
      'the evaluation exceeded the FEEL evaluation limit of 20 ms (ENGINE_FEEL_MAX_TIME_MS)',
    );
    expect(counter.reads).toBeGreaterThan(0);
    expect(counter.reads).toBeLessThan(1000);
  });
});

describe('FEEL budget: the expression as it is run', () => {
  it.each([
    ['a + 1', 'a + 1'],
    ['for x in l return x', 'for x in __iterated(l) return __tick(x)'],
    ['for i in 1..n return i', 'for i in 1..n return __tick(i)'],
    ['some x in l satisfies x > 1', 'some x in __iterated(l) satisfies __tick(x > 1)'],
    ['l[item > 1]', '__iterated(l)[__tick(item) > 1]'],
    ['l[(a and b)]', '__iterated(l)[(__tick(a) and b)]'],
    ['l[1]', 'l[1]'],
    ['for x in l return l[item > x]', 'for x in __iterated(l) return __tick(__iterated(l)[__tick(item) > x])'],
  ])('%s runs as %s', (body, run) => {
    expect(meteredSource(parseExpression(body, {}, 'camunda').topNode, body)).toBe(run);
  });
});

describe('FEEL budget: the same values within it', () => {
  it.each([
    ['= for x in l return x * 2', [2, 4, 6]],
    ['= for x in l, y in [10, 20] return x + y', [11, 21, 12, 22, 13, 23]],
    ['= for i in 1..3 return if i = 1 then 1 else partial[-1] * 2', [1, 2, 4]],
    ['= l[item >= 2]', [2, 3]],
    ['= l[(item >= 2)]', [2, 3]],
    ['= l[2]', 2],
    ['= l[-1]', 3],
    ['= some x in l satisfies x > 2', true],
    ['= every x in l satisfies x > 2', false],
    ['= for x in missing return x', null],
    ['= people[age > 30].name', ['Bo']],
    ['= sort(l, function(a, b) a > b)', [3, 2, 1]],
    ['= for x in l return l[item > x]', [[2, 3], [3], []]],
    ['= l[item > 1][item < 3]', [2]],
  ])('%s', (source, expected) => {
    const values = {
      l: [1, 2, 3],
      people: [
        { name: 'Al', age: 30 },
        { name: 'Bo', age: 40 },
      ],
    };
    expect(run(source, values)).toEqual(expected);
    expect(compileExpression(source).evaluate((name) => (values as Record<string, unknown>)[name])).toEqual(expected);
  });

  it('keeps warnings about the expression as written', () => {
    const { warnings } = compileExpression('= for x in missing return x').evaluateWithWarnings(() => undefined, {
      now: () => 0,
      budget: limited(1000),
    });
    expect(warnings).toEqual([{ type: 'NO_VARIABLE_FOUND', message: "No variable found with name 'missing'" }]);
  });
});

describe('FEEL budget: a replayed excess', () => {
  it('fails the evaluation with the recorded limit without running it; other evaluations run unlimited', () => {
    let lookedUp = 0;
    const recorded: BudgetPolicy = {
      admit: (_source, scope): FeelLimits | Excess =>
        scope === 'A'
          ? { limit: 'items', amount: 7 }
          : { maxItems: Number.POSITIVE_INFINITY, maxMillis: Number.POSITIVE_INFINITY },
      exceeded: () => {
        throw new Error('a replay records nothing');
      },
    };
    const compiled = compileExpression('= count(for i in 1..n return i)');
    const lookup = () => {
      lookedUp++;
      return 50;
    };
    expect(() => compiled.evaluate(lookup, { now: () => 0, budget: recorded, scope: 'A' })).toThrow(
      'the evaluation exceeded the FEEL evaluation limit of 7 items (ENGINE_FEEL_MAX_ITEMS)',
    );
    expect(lookedUp).toBe(0);
    expect(compiled.evaluate(lookup, { now: () => 0, budget: recorded, scope: 'B' })).toBe(50);
  });
});
