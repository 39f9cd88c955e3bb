/**
 * Evaluating decisions of a DRG: literal expressions, required decisions evaluated first and read under their
 * variable name (else id), the audit Zeebe's EvaluateDecision returns, and failures as values in Zeebe's words.
 */
import { evaluateDecision } from '../../../src/engine/decisions';
import { definitions, literal, parsed, table } from './dmn-xml';

describe('literal expressions', () => {
  it('evaluate FEEL with the variables', async () => {
    const drg = await parsed(definitions(literal('greeting', '"Hello " + name', { variable: 'greeting' })));
    expect(evaluateDecision(drg, 'greeting', { name: 'DMN' })).toEqual({
      ok: true,
      decisionId: 'greeting',
      decisionOutput: 'Hello DMN',
      evaluatedDecisions: [
        {
          decisionId: 'greeting',
          decisionName: 'greeting',
          decisionType: 'LITERAL_EXPRESSION',
          decisionOutput: 'Hello DMN',
          evaluatedInputs: [],
          matchedRules: [],
        },
      ],
    });
  });

  it('give FEEL values as Zeebe writes them (dates as ISO text, contexts as objects)', async () => {
    const drg = await parsed(
      definitions(
        literal('due', 'date(start) + duration("P10D")') +
          literal('summary', '{total: sum(items), first: items[1], none: missing}'),
      ),
    );
    expect(evaluateDecision(drg, 'due', { start: '2024-02-25' })).toMatchObject({ decisionOutput: '2024-03-06' });
    expect(evaluateDecision(drg, 'summary', { items: [1, 2, 3] })).toMatchObject({
      decisionOutput: { total: 6, first: 1, none: null },
    });
  });

  it("fail when the result is not of the variable's type, after auditing the result", async () => {
    const drg = await parsed(definitions(literal('count', '1 + 2', { variable: 'count', typeRef: 'string' })));
    const result = evaluateDecision(drg, 'count', {});
    expect(result).toMatchObject({
      ok: false,
      failedDecisionId: 'count',
      failureMessage: "Expected to evaluate decision 'count', but expected 'string' but found 'ValNumber(3)'",
    });
    expect(result.evaluatedDecisions.map((d) => d.decisionOutput)).toEqual([3]);
    // an unknown type or the feel: prefix is no obstacle, and null passes any type
    const lenient = await parsed(
      definitions(
        literal('a', '1', { variable: 'a', typeRef: 'feel:number' }) +
          literal('b', '1', { variable: 'b', typeRef: 'integer' }) +
          literal('c', 'null', { variable: 'c', typeRef: 'string' }),
      ),
    );
    for (const id of ['a', 'b', 'c']) expect(evaluateDecision(lenient, id, {}).ok).toBe(true);
  });
});

describe('a DRG with required decisions', () => {
  // eligibility requires a risk table (read under its id) and a literal whose variable is named `income`
  const drgXml = definitions(
    table('risk', {
      inputs: ['age'],
      outputs: ['risk'],
      rules: [
        [['< 25'], ['"high"']],
        [['>= 25'], ['"low"']],
      ],
    }) +
      literal('monthlyIncome', 'salary / 12', { variable: 'income' }) +
      table('eligibility', {
        requires: ['risk', 'monthlyIncome'],
        inputs: ['risk', 'income'],
        outputs: ['eligible'],
        rules: [
          [['"low"', '>= 1000'], ['true']],
          [['-', '-'], ['false']],
        ],
        hitPolicy: 'FIRST',
      }),
  );

  it('evaluates the required decisions first and hands their results on', async () => {
    const drg = await parsed(drgXml);
    const result = evaluateDecision(drg, 'eligibility', { age: 40, salary: 24000 });
    expect(result).toMatchObject({ ok: true, decisionOutput: true });
    expect(result.evaluatedDecisions.map((d) => [d.decisionId, d.decisionType, d.decisionOutput])).toEqual([
      ['risk', 'DECISION_TABLE', 'low'],
      ['monthlyIncome', 'LITERAL_EXPRESSION', 2000],
      ['eligibility', 'DECISION_TABLE', true],
    ]);
    expect(evaluateDecision(drg, 'eligibility', { age: 20, salary: 24000 })).toMatchObject({ decisionOutput: false });
  });

  it("audits each table's inputs and matched rules with their outputs", async () => {
    const drg = await parsed(drgXml);
    const eligibility = evaluateDecision(drg, 'eligibility', { age: 40, salary: 24000 }).evaluatedDecisions[2];
    expect(eligibility).toEqual({
      decisionId: 'eligibility',
      decisionName: 'eligibility',
      decisionType: 'DECISION_TABLE',
      decisionOutput: true,
      evaluatedInputs: [
        { inputId: 'eligibility_in1', inputName: 'risk', inputValue: 'low' },
        { inputId: 'eligibility_in2', inputName: 'income', inputValue: 2000 },
      ],
      matchedRules: [
        {
          ruleId: 'eligibility_r1',
          ruleIndex: 1,
          evaluatedOutputs: [{ outputId: 'eligibility_out1', outputName: 'eligible', outputValue: true }],
        },
      ],
    });
  });

  it('a required result hides a variable of the same name', async () => {
    const drg = await parsed(drgXml);
    const result = evaluateDecision(drg, 'eligibility', { age: 40, salary: 24000, risk: 'high', income: 0 });
    expect(result).toMatchObject({ ok: true, decisionOutput: true });
  });

  it('evaluating a required decision on its own evaluates only it', async () => {
    const drg = await parsed(drgXml);
    const result = evaluateDecision(drg, 'risk', { age: 30 });
    expect(result).toMatchObject({ ok: true, decisionOutput: 'low' });
    expect(result.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['risk']);
  });

  it('a decision reads the results of the decisions it requires directly, not theirs (dmn-scala)', async () => {
    const drg = await parsed(
      definitions(
        literal('base', '1') +
          literal('middle', 'base + 1', { requires: ['base'] }) +
          literal('top', '[middle, base]', { requires: ['middle'] }),
      ),
    );
    const result = evaluateDecision(drg, 'top', {});
    expect(result).toMatchObject({ ok: true, decisionOutput: [2, null] });
    expect(result.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['base', 'middle', 'top']);
  });

  it('a required decision that fails fails the decision, and is the failed decision', async () => {
    const drg = await parsed(drgXml);
    const result = evaluateDecision(drg, 'eligibility', { age: 'old', salary: 24000 });
    // 'old' < 25 is null: no rule of risk matches and risk is null; eligibility's first rule then fails to match
    expect(result).toMatchObject({ ok: true, decisionOutput: false });
    const failing = await parsed(
      definitions(
        literal('check', 'assert(amount, amount > 0)') + literal('total', 'check * 2', { requires: ['check'] }),
      ),
    );
    const failed = evaluateDecision(failing, 'total', { amount: -5 });
    expect(failed).toMatchObject({ ok: false, decisionId: 'total', failedDecisionId: 'check' });
    if (failed.ok) return;
    expect(failed.failureMessage).toMatch(/^Expected to evaluate decision 'total', but Assertion failure on evaluate/);
    expect(failed.evaluatedDecisions).toEqual([
      {
        decisionId: 'check',
        decisionName: 'check',
        decisionType: 'LITERAL_EXPRESSION',
        decisionOutput: null,
        evaluatedInputs: [],
        matchedRules: [],
      },
    ]);
  });
});

describe('failures', () => {
  it('no decision with the id', async () => {
    const drg = await parsed(definitions(literal('a', '1')));
    expect(evaluateDecision(drg, 'nope', {})).toEqual({
      ok: false,
      decisionId: 'nope',
      failedDecisionId: 'nope',
      failureMessage: "Expected to evaluate decision 'nope', but no decision found with id 'nope'",
      evaluatedDecisions: [],
    });
  });

  it('a FEEL error in an input expression: the table is audited without inputs', async () => {
    const drg = await parsed(
      definitions(table('d', { inputs: ['assert(amount, amount != null)'], outputs: ['y'], rules: [[['-'], ['1']]] })),
    );
    const result = evaluateDecision(drg, 'd', {});
    expect(result).toMatchObject({
      ok: false,
      failedDecisionId: 'd',
      failureMessage:
        "Expected to evaluate decision 'd', but Assertion failure on evaluate the expression " +
        "'assert(amount, amount != null)': The condition is not fulfilled",
      evaluatedDecisions: [{ decisionId: 'd', decisionOutput: null, evaluatedInputs: [], matchedRules: [] }],
    });
  });

  it('a missing variable is null, not a failure (FEEL as Zeebe runs it)', async () => {
    const drg = await parsed(definitions(literal('a', 'missing + 1')));
    expect(evaluateDecision(drg, 'a', {})).toMatchObject({ ok: true, decisionOutput: null });
  });

  it("an input's name is its label, else its expression", async () => {
    const drg = await parsed(
      definitions(
        table('d', {
          inputs: [{ expression: 'order.total', label: 'Order total' }, 'order.items'],
          outputs: ['y'],
          rules: [[['-', '-'], ['1']]],
        }),
      ),
    );
    const [decision] = evaluateDecision(drg, 'd', { order: { total: 5, items: [] } }).evaluatedDecisions;
    expect(decision.evaluatedInputs.map((i) => i.inputName)).toEqual(['Order total', 'order.items']);
  });
});

describe('the FEEL context of an evaluation', () => {
  it("runs every expression under the caller's budget", async () => {
    const drg = await parsed(definitions(literal('many', 'count(for i in 1..1000 return i)')));
    const budget = { admit: () => ({ maxItems: 100, maxMillis: 1000 }), exceeded: jest.fn() };
    const result = evaluateDecision(drg, 'many', {}, { now: Date.now, budget });
    expect(result).toMatchObject({ ok: false, failedDecisionId: 'many' });
    if (result.ok) return;
    expect(result.failureMessage).toMatch(/exceeded the FEEL evaluation limit of 100 items \(ENGINE_FEEL_MAX_ITEMS\)$/);
    expect(evaluateDecision(drg, 'many', {})).toMatchObject({ ok: true, decisionOutput: 1000 });
  });

  it("reads now() and today() from the caller's clock", async () => {
    const drg = await parsed(definitions(literal('day', 'string(today())')));
    const now = () => Date.parse('2030-05-06T10:00:00Z');
    expect(evaluateDecision(drg, 'day', {}, { now })).toMatchObject({ ok: true, decisionOutput: '2030-05-06' });
  });
});
