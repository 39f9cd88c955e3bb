/**
 * Decision tables by hit policy, with results as the DMN 1.3 spec (8.2.8) and dmn-scala define them:
 * single output → its value, several → a context; no match → the default outputs or null, for every policy.
 */
import { evaluateTable, outputOf, type TableSpec } from './dmn-xml';

// customer and order size → discount (the DMN spec's and dmn-scala's classic example, rewritten)
const discount = (hitPolicy: string, rules: TableSpec['rules']): TableSpec => ({
  hitPolicy,
  inputs: ['customer', 'orderSize'],
  outputs: ['discount'],
  rules,
});

describe('UNIQUE', () => {
  const unique = discount('UNIQUE', [
    [['"Business"', '< 10'], ['0.1']],
    [['"Business"', '>= 10'], ['0.15']],
    [['"Private"', '-'], ['0.05']],
  ]);

  it('returns the output of the one rule that matches', async () => {
    expect(await outputOf(unique, { customer: 'Business', orderSize: 7 })).toBe(0.1);
    expect(await outputOf(unique, { customer: 'Business', orderSize: 15 })).toBe(0.15);
    expect(await outputOf(unique, { customer: 'Private', orderSize: 9 })).toBe(0.05);
  });

  it('returns null when no rule matches', async () => {
    expect(await outputOf(unique, { customer: 'Other', orderSize: 9 })).toBeNull();
  });

  it('is the policy of a table that names none', async () => {
    const { hitPolicy: _, ...unnamed } = discount('UNIQUE', [
      [['"Business"', '< 10'], ['0.1']],
      [['"Business"', '< 20'], ['0.15']],
    ]);
    const result = await evaluateTable(unnamed, { customer: 'Business', orderSize: 7 });
    expect(result.ok).toBe(false);
  });

  it('fails, in dmn-scala words, when two rules match', async () => {
    const overlapping = discount('UNIQUE', [
      [['"Business"', '< 10'], ['0.1']],
      [['"Business"', '< 20'], ['0.15']],
    ]);
    const result = await evaluateTable(overlapping, { customer: 'Business', orderSize: 7 });
    expect(result).toMatchObject({
      ok: false,
      failedDecisionId: 'd',
      failureMessage:
        "Expected to evaluate decision 'd', but multiple values aren't allowed for UNIQUE hit policy. " +
        "found: 'List(Map(discount -> ValNumber(0.1)), Map(discount -> ValNumber(0.15)))'",
    });
    // the audit still shows both matched rules, and no output
    expect(result.evaluatedDecisions).toHaveLength(1);
    expect(result.evaluatedDecisions[0].decisionOutput).toBeNull();
    expect(result.evaluatedDecisions[0].matchedRules.map((r) => r.ruleIndex)).toEqual([1, 2]);
  });

  it("names an unnamed output's value null in the failure, as Scala prints a null key", async () => {
    const unnamed: TableSpec = {
      inputs: ['x'],
      outputs: [{ label: 'Result' }],
      rules: [
        [['> 1'], ['"a"']],
        [['> 2'], ['"b"']],
      ],
    };
    expect(await evaluateTable(unnamed, { x: 5 })).toMatchObject({
      failureMessage:
        "Expected to evaluate decision 'd', but multiple values aren't allowed for UNIQUE hit policy. " +
        "found: 'List(Map(null -> ValString(a)), Map(null -> ValString(b)))'",
    });
    expect(await outputOf(unnamed, { x: 2 })).toBe('a');
  });

  it('returns a context of all outputs when the table has several', async () => {
    const spec: TableSpec = {
      inputs: ['customer'],
      outputs: ['discount', 'shipping'],
      rules: [[['"Business"'], ['0.1', '"Air"']]],
    };
    expect(await outputOf(spec, { customer: 'Business' })).toEqual({ discount: 0.1, shipping: 'Air' });
    expect(await outputOf(spec, { customer: 'Private' })).toBeNull();
  });
});

describe('FIRST', () => {
  const first = discount('FIRST', [
    [['"Business"', '< 10'], ['0.1']],
    [['"Business"', '< 20'], ['0.15']],
    [['-', '-'], ['0']],
  ]);

  it('returns the first matching rule in table order and audits only that one', async () => {
    const result = await evaluateTable(first, { customer: 'Business', orderSize: 7 });
    expect(result).toMatchObject({ ok: true, decisionOutput: 0.1 });
    expect(result.evaluatedDecisions[0].matchedRules.map((r) => r.ruleIndex)).toEqual([1]);
    expect(await outputOf(first, { customer: 'Business', orderSize: 15 })).toBe(0.15);
    expect(await outputOf(first, { customer: 'Private', orderSize: 15 })).toBe(0);
  });
});

describe('PRIORITY', () => {
  const risk: TableSpec = {
    hitPolicy: 'PRIORITY',
    inputs: ['age', 'history'],
    outputs: [{ name: 'rating', values: '"High","Medium","Low"' }],
    // the catch-all first: the rule order is not what decides
    rules: [
      [['-', '-'], ['"Low"']],
      [['> 60', '-'], ['"Medium"']],
      [['> 60', '"bad"'], ['"High"']],
      [['< 25', '"bad"'], ['"Medium"']],
    ],
  };

  it('returns the matching output listed first among the output values', async () => {
    expect(await outputOf(risk, { age: 65, history: 'bad' })).toBe('High');
    expect(await outputOf(risk, { age: 65, history: 'good' })).toBe('Medium');
    expect(await outputOf(risk, { age: 20, history: 'good' })).toBe('Low');
    expect(await outputOf(risk, { age: 20, history: 'bad' })).toBe('Medium');
    expect(await outputOf(risk, { age: 40, history: 'bad' })).toBe('Low');
  });
});

describe('ANY', () => {
  const compliance: TableSpec = {
    hitPolicy: 'ANY',
    inputs: ['rating', 'balance'],
    outputs: ['status'],
    rules: [
      [['"A"', '< 10000'], ['"Compliant"']],
      [['-', '< 10000'], ['"Compliant"']],
      [['"B"', '-'], ['"Not Compliant"']],
    ],
  };

  it('returns the output when all matching rules agree', async () => {
    expect(await outputOf(compliance, { rating: 'A', balance: 5000 })).toBe('Compliant');
    expect(await outputOf(compliance, { rating: 'B', balance: 20000 })).toBe('Not Compliant');
  });

  it('fails, listing the distinct outputs, when they differ', async () => {
    const result = await evaluateTable(compliance, { rating: 'B', balance: 5000 });
    expect(result).toMatchObject({
      ok: false,
      failureMessage:
        "Expected to evaluate decision 'd', but different values aren't allowed for ANY hit policy. " +
        "found: 'List(Map(status -> ValString(Compliant)), Map(status -> ValString(Not Compliant)))'",
    });
  });
});

describe('COLLECT', () => {
  // holidays by age and years of service (rules that add up, as in the DMN spec's example)
  const holidays = (aggregation?: string): TableSpec => ({
    hitPolicy: 'COLLECT',
    aggregation,
    inputs: ['age', 'years'],
    outputs: ['days'],
    rules: [
      [['-', '-'], ['22']],
      [['>= 60', '-'], ['3']],
      [['-', '>= 30'], ['5']],
      [['< 18', '-'], ['5']],
    ],
  });

  it('returns the outputs of all matching rules in rule order', async () => {
    expect(await outputOf(holidays(), { age: 61, years: 31 })).toEqual([22, 3, 5]);
    expect(await outputOf(holidays(), { age: 30, years: 2 })).toEqual([22]);
  });

  it('aggregates with SUM, MIN, MAX and COUNT', async () => {
    expect(await outputOf(holidays('SUM'), { age: 61, years: 31 })).toBe(30);
    expect(await outputOf(holidays('MIN'), { age: 61, years: 31 })).toBe(3);
    expect(await outputOf(holidays('MAX'), { age: 16, years: 1 })).toBe(22);
    expect(await outputOf(holidays('COUNT'), { age: 61, years: 31 })).toBe(3);
  });

  it('sums decimals as FEEL does (0.1 + 0.2 is 0.3)', async () => {
    const fees: TableSpec = {
      hitPolicy: 'COLLECT',
      aggregation: 'SUM',
      inputs: ['x'],
      outputs: ['fee'],
      rules: [
        [['-'], ['0.1']],
        [['-'], ['0.2']],
      ],
    };
    expect(await outputOf(fees, { x: 1 })).toBe(0.3);
  });

  it('returns null when no rule matches, with or without an aggregator (dmn-scala)', async () => {
    const none: TableSpec = { ...holidays(), rules: [[['< 0', '-'], ['1']]] };
    expect(await outputOf(none, { age: 30, years: 2 })).toBeNull();
    expect(await outputOf({ ...none, aggregation: 'COUNT' }, { age: 30, years: 2 })).toBeNull();
    expect(await outputOf({ ...none, aggregation: 'SUM' }, { age: 30, years: 2 })).toBeNull();
  });

  it('fails to SUM outputs that are not numbers', async () => {
    const words: TableSpec = { ...holidays('SUM'), rules: [[['-', '-'], ['"many"']]] };
    const result = await evaluateTable(words, { age: 1, years: 1 });
    expect(result).toMatchObject({
      ok: false,
      failureMessage: "Expected to evaluate decision 'd', but expected number but found 'ValString(many)'",
    });
  });

  it('returns a list of contexts for several outputs', async () => {
    const spec: TableSpec = {
      hitPolicy: 'COLLECT',
      inputs: ['x'],
      outputs: ['a', 'b'],
      rules: [
        [['> 0'], ['1', '"one"']],
        [['> 1'], ['2', '"two"']],
      ],
    };
    expect(await outputOf(spec, { x: 5 })).toEqual([
      { a: 1, b: 'one' },
      { a: 2, b: 'two' },
    ]);
  });
});

describe('RULE ORDER and OUTPUT ORDER', () => {
  const routing = (hitPolicy: string): TableSpec => ({
    hitPolicy,
    inputs: ['age', 'risk'],
    outputs: [
      { name: 'routing', values: '"DECLINE","REFER","ACCEPT"' },
      { name: 'reason', values: '"too young","high risk","fine"' },
    ],
    rules: [
      [
        ['-', '-'],
        ['"ACCEPT"', '"fine"'],
      ],
      [
        ['-', '"HIGH"'],
        ['"REFER"', '"high risk"'],
      ],
      [
        ['< 18', '-'],
        ['"DECLINE"', '"too young"'],
      ],
    ],
  });

  it('RULE ORDER lists the matching rules as the table orders them', async () => {
    expect(await outputOf(routing('RULE ORDER'), { age: 17, risk: 'HIGH' })).toEqual([
      { routing: 'ACCEPT', reason: 'fine' },
      { routing: 'REFER', reason: 'high risk' },
      { routing: 'DECLINE', reason: 'too young' },
    ]);
  });

  it('OUTPUT ORDER lists them by the order of the output values', async () => {
    expect(await outputOf(routing('OUTPUT ORDER'), { age: 17, risk: 'HIGH' })).toEqual([
      { routing: 'DECLINE', reason: 'too young' },
      { routing: 'REFER', reason: 'high risk' },
      { routing: 'ACCEPT', reason: 'fine' },
    ]);
    expect(await outputOf(routing('OUTPUT ORDER'), { age: 30, risk: 'LOW' })).toEqual([
      { routing: 'ACCEPT', reason: 'fine' },
    ]);
  });

  it('OUTPUT ORDER of a single output gives a list of values', async () => {
    const spec: TableSpec = {
      hitPolicy: 'OUTPUT ORDER',
      inputs: ['x'],
      outputs: [{ name: 'size', values: '"S","M","L"' }],
      rules: [
        [['-'], ['"L"']],
        [['-'], ['"S"']],
        [['> 5'], ['"M"']],
      ],
    };
    expect(await outputOf(spec, { x: 9 })).toEqual(['S', 'M', 'L']);
  });

  it('both return null when no rule matches', async () => {
    const none = {
      ...routing('RULE ORDER'),
      rules: [
        [
          ['< 0', '-'],
          ['"ACCEPT"', '"fine"'],
        ],
      ] as TableSpec['rules'],
    };
    expect(await outputOf(none, { age: 30, risk: 'LOW' })).toBeNull();
    expect(await outputOf({ ...none, hitPolicy: 'OUTPUT ORDER' }, { age: 30, risk: 'LOW' })).toBeNull();
  });
});

describe('default output entries', () => {
  it('give the output when no rule matches, for one output and for several', async () => {
    const one: TableSpec = {
      inputs: ['customer'],
      outputs: [{ name: 'discount', default: '0.02' }],
      rules: [[['"Business"'], ['0.1']]],
    };
    expect(await outputOf(one, { customer: 'Private' })).toBe(0.02);
    expect(await outputOf(one, { customer: 'Business' })).toBe(0.1);
    const several: TableSpec = {
      hitPolicy: 'COLLECT',
      inputs: ['customer'],
      outputs: [
        { name: 'discount', default: '0.02' },
        { name: 'shipping', default: '"Ground"' },
      ],
      rules: [[['"Business"'], ['0.1', '"Air"']]],
    };
    expect(await outputOf(several, { customer: 'Private' })).toEqual({ discount: 0.02, shipping: 'Ground' });
  });
});
