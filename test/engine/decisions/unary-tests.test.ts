/**
 * Input entries as FEEL unary tests (DMN 1.3 spec, 10.3.2.9 / Camunda's "Unary-tests" docs), run through a
 * one-rule table: the rule matches when its entry accepts the input value.
 */
import { date, unaryTest } from 'feelin';
import { compileUnaryTests, uncompiledUnaryTests } from '../../../src/engine/decisions/unary-tests';
import { FeelBudgetExceeded } from '../../../src/engine/feel';
import { evaluateTable, outputOf } from './dmn-xml';

/** Whether `entry` accepts `value` as the input of a table whose input expression is `input`. */
async function accepts(entry: string, value: unknown, variables: Record<string, unknown> = {}, input = 'x') {
  const output = await outputOf(
    { inputs: [input], outputs: ['matched'], rules: [[[entry], ['true']]] },
    { ...variables, x: value },
  );
  return output === true;
}

describe('unary tests', () => {
  it('- and an empty entry accept any input, null too', async () => {
    for (const entry of ['-', '', '  ']) {
      expect(await accepts(entry, 5)).toBe(true);
      expect(await accepts(entry, null)).toBe(true);
    }
  });

  it('a value accepts an equal input', async () => {
    expect(await accepts('"gold"', 'gold')).toBe(true);
    expect(await accepts('"gold"', 'Gold')).toBe(false);
    expect(await accepts('5', 5)).toBe(true);
    expect(await accepts('5', 6)).toBe(false);
    expect(await accepts('true', true)).toBe(true);
    expect(await accepts('true', false)).toBe(false);
    expect(await accepts('null', null)).toBe(true);
  });

  it('comparisons', async () => {
    expect(await accepts('> 5', 7)).toBe(true);
    expect(await accepts('> 5', 5)).toBe(false);
    expect(await accepts('>= 5', 5)).toBe(true);
    expect(await accepts('< 5', 4)).toBe(true);
    expect(await accepts('<= 5', 6)).toBe(false);
    // a comparison with null, or across types, is null: not a match
    expect(await accepts('> 5', null)).toBe(false);
    expect(await accepts('> 5', 'abc')).toBe(false);
  });

  it('ranges, closed and open at either end', async () => {
    expect(await accepts('[1..10]', 1)).toBe(true);
    expect(await accepts('[1..10]', 10)).toBe(true);
    expect(await accepts('[1..10]', 11)).toBe(false);
    expect(await accepts('(1..10)', 1)).toBe(false);
    expect(await accepts('(1..10)', 10)).toBe(false);
    expect(await accepts('(1..10)', 5)).toBe(true);
    expect(await accepts(']1..10]', 1)).toBe(false);
    expect(await accepts('[1..10[', 10)).toBe(false);
    expect(await accepts('[1..10)', 9.5)).toBe(true);
  });

  it('lists of tests accept an input any of them accepts', async () => {
    expect(await accepts('"gold","silver"', 'silver')).toBe(true);
    expect(await accepts('"gold","silver"', 'bronze')).toBe(false);
    expect(await accepts('< 0, > 100', 101)).toBe(true);
    expect(await accepts('< 0, > 100', 50)).toBe(false);
  });

  it('not(...) accepts what its tests do not', async () => {
    expect(await accepts('not("gold")', 'gold')).toBe(false);
    expect(await accepts('not("gold")', 'silver')).toBe(true);
    expect(await accepts('not("gold","silver")', 'silver')).toBe(false);
    expect(await accepts('not([1..5])', 3)).toBe(false);
    expect(await accepts('not([1..5])', 6)).toBe(true);
  });

  it('tests may read variables and the input value as ?', async () => {
    expect(await accepts('< limit', 3, { limit: 5 })).toBe(true);
    expect(await accepts('< limit', 7, { limit: 5 })).toBe(false);
    expect(await accepts('? > 3 and ? < 10', 5)).toBe(true);
    expect(await accepts('? > 3 and ? < 10', 10)).toBe(false);
    expect(await accepts('contains(?, "ab")', 'xaby')).toBe(true);
    expect(await accepts('starts with(?, "x")', 'yx')).toBe(false);
  });

  it('dates: comparisons and ranges of FEEL dates', async () => {
    const byDate = (entry: string, day: string) => accepts(entry, day, {}, 'date(x)');
    expect(await byDate('< date("2024-01-01")', '2023-12-31')).toBe(true);
    expect(await byDate('< date("2024-01-01")', '2024-01-01')).toBe(false);
    expect(await byDate('[date("2024-01-01")..date("2024-12-31")]', '2024-06-15')).toBe(true);
    expect(await byDate('[date("2024-01-01")..date("2024-12-31")]', '2025-01-01')).toBe(false);
  });

  it('the input values an input lists do not restrict what it evaluates (dmn-scala does not check them)', async () => {
    const output = await outputOf(
      { inputs: [{ expression: 'tier', values: '"gold","silver"' }], outputs: ['y'], rules: [[['-'], ['1']]] },
      { tier: 'platinum' },
    );
    expect(output).toBe(1);
  });

  it('a rule matches only when every entry accepts its input', async () => {
    const spec = {
      inputs: ['a', 'b'],
      outputs: ['y'],
      rules: [[['> 1', '"x"'], ['"both"']]] as [string[], string[]][],
    };
    expect(await outputOf(spec, { a: 2, b: 'x' })).toBe('both');
    expect(await outputOf(spec, { a: 2, b: 'z' })).toBeNull();
    expect(await outputOf(spec, { a: 0, b: 'x' })).toBeNull();
  });

  it('run under the FEEL budget of the evaluation, which a runaway test exceeds', async () => {
    const exceeded = jest.fn();
    const budget = { admit: () => ({ maxItems: 100, maxMillis: 1000 }), exceeded };
    for (const test of [
      compileUnaryTests('count(for i in 1..1000 return i) > ?'),
      uncompiledUnaryTests('count(for i in 1..1000 return i) > ?'),
    ]) {
      exceeded.mockClear();
      expect(() => test.test(5, () => undefined, { now: Date.now, budget })).toThrow(FeelBudgetExceeded);
      expect(exceeded).toHaveBeenCalledTimes(1);
      expect(test.test(5, () => undefined)).toBe(true);
    }
  });

  it('a failing test fails the decision, with the inputs evaluated so far', async () => {
    const result = await evaluateTable(
      { inputs: ['x'], outputs: ['y'], rules: [[['assert(?, ? > 0)'], ['1']]] },
      { x: -1 },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failureMessage).toMatch(/^Expected to evaluate decision 'd', but Assertion failure/);
    expect(result.evaluatedDecisions[0].evaluatedInputs).toEqual([
      { inputId: 'd_in1', inputName: 'x', inputValue: -1 },
    ]);
    expect(result.evaluatedDecisions[0].matchedRules).toEqual([]);
  });
});

describe("compiled unary tests decide as feelin's unaryTest does", () => {
  // literal fast paths, compiled expressions and feelin's own evaluation must agree on every input
  const tests = [
    '"gold"',
    '"gold","silver"',
    '5',
    '("gold")',
    '> 5',
    '>= 5',
    '< 5',
    '<= 5',
    '= 5',
    '!= 5',
    '> -5',
    '> limit',
    '[1..10]',
    '(1..10)',
    ']1..10]',
    '[1..10[',
    '[10..1]',
    '[1.5..2.5]',
    '[1..limit]',
    'not("gold")',
    'not(> 5, < 0)',
    'true',
    'false',
    'null',
    '? > 3 and ? < 10',
    'contains(?, "ol")',
    '[1, 2, 3]',
    'limit',
    '> "b"',
    '< date("2024-01-01")',
    '[date("2024-01-01")..date("2024-12-31")]',
    'not(null)',
    '"a", > 5, [7..9]',
  ];
  const inputs: unknown[] = [
    null,
    0,
    1,
    5,
    5.5,
    7,
    10,
    11,
    -6,
    'gold',
    'silver',
    'Gold',
    'a',
    'c',
    '5',
    true,
    false,
    [1],
    { a: 1 },
    date('2023-06-01'),
    date('2024-06-01'),
    date('2025-06-01'),
  ];
  const variables: Record<string, unknown> = { limit: 7 };

  it.each(tests)('%s', (text) => {
    const compiled = compileUnaryTests(text);
    for (const input of inputs) {
      const expected = unaryTest(text, { ...variables, '?': input }, 'camunda').value === true;
      const actual = compiled.test(input, (name) => variables[name]);
      if (actual !== expected)
        throw new Error(`${text} on ${JSON.stringify(input)}: ${actual}, feelin says ${expected}`);
    }
  });
});
