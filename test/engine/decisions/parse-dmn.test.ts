/**
 * Parsing DMN: the model a deployment keeps (DRG, decisions, tables, literal expressions, requirements) and
 * the reasons Zeebe refuses a file, in dmn-scala's and the DMN model API's words.
 */
import { evaluateDecision, parseDmn } from '../../../src/engine/decisions';
import { definitions, literal, parsed, refusal, table } from './dmn-xml';

describe('the parsed model', () => {
  it('holds the DRG, its decisions and their logic', async () => {
    const drg = await parsed(
      definitions(
        table('discount', {
          name: 'Discount',
          hitPolicy: 'COLLECT',
          aggregation: 'MAX',
          inputs: [{ expression: 'customer', label: 'Customer', values: '"Business","Private"' }, 'orderSize'],
          outputs: [{ name: 'rate', label: 'Rate', typeRef: 'number', values: '0.1,0.2', default: '0' }],
          rules: [
            [['"Business"', '< 10'], ['0.1']],
            [['"Private"', '-'], ['0.05']],
          ],
        }) + literal('label', '"rate: " + string(discount)', { variable: 'labelText', requires: ['discount'] }),
      ),
    );
    expect({ id: drg.id, name: drg.name, namespace: drg.namespace }).toEqual({
      id: 'drg',
      name: 'Test DRG',
      namespace: 'http://camunda.org/schema/1.0/dmn',
    });
    expect(drg.decisions.map((d) => [d.id, d.name, d.variableName, d.resultName, d.requiredDecisionIds])).toEqual([
      ['discount', 'Discount', undefined, 'discount', []],
      ['label', 'label', 'labelText', 'labelText', ['discount']],
    ]);
    const logic = drg.decisionsById.get('discount')?.logic;
    if (logic?.type !== 'DECISION_TABLE') throw new Error('expected a decision table');
    expect(logic.hitPolicy).toBe('COLLECT');
    expect(logic.aggregation).toBe('MAX');
    expect(logic.inputs.map((i) => [i.id, i.label, i.inputExpression.text, i.inputValues])).toEqual([
      ['discount_in1', 'Customer', 'customer', '"Business","Private"'],
      ['discount_in2', undefined, 'orderSize', undefined],
    ]);
    expect(
      logic.outputs.map((o) => [o.id, o.name, o.label, o.typeRef, o.outputValues, o.defaultOutputEntry?.text]),
    ).toEqual([['discount_out1', 'rate', 'Rate', 'number', '0.1,0.2', '0']]);
    expect(
      logic.rules.map((r) => [r.id, r.index, r.inputEntries.map((e) => e.text), r.outputEntries.map((e) => e.text)]),
    ).toEqual([
      ['discount_r1', 1, ['"Business"', '< 10'], ['0.1']],
      ['discount_r2', 2, ['"Private"', '-'], ['0.05']],
    ]);
    const label = drg.decisionsById.get('label')?.logic;
    expect(label).toMatchObject({ type: 'LITERAL_EXPRESSION', expression: { text: '"rate: " + string(discount)' } });
  });

  it('reads the version tag from zeebe:versionTag, else camunda:versionTag', async () => {
    const xml = definitions(`
      <decision id="a" name="A"><extensionElements><zeebe:versionTag value="v2.1"/></extensionElements>
        <literalExpression><text>1</text></literalExpression></decision>
      <decision id="b" name="B" xmlns:camunda="http://camunda.org/schema/1.0/dmn" camunda:versionTag="legacy">
        <literalExpression><text>2</text></literalExpression></decision>
      <decision id="c" name="C"><literalExpression><text>3</text></literalExpression></decision>`);
    const drg = await parsed(xml);
    expect(drg.decisions.map((d) => d.versionTag)).toEqual(['v2.1', 'legacy', undefined]);
  });

  it('reads the required decisions whatever their place in the file', async () => {
    const drg = await parsed(definitions(literal('top', 'base * 2', { requires: ['base'] }) + literal('base', '21')));
    expect(evaluateDecision(drg, 'top', {})).toMatchObject({ ok: true, decisionOutput: 42 });
  });
});

describe('DMN versions Camunda accepts', () => {
  const greeting = (typeRef: string, language?: string) =>
    `<decision name="Greeting" id="greeting"><variable name="greeting" typeRef="${typeRef}"/>` +
    `<literalExpression${language ? ` expressionLanguage="${language}"` : ''}><text>"Hello " + name</text></literalExpression></decision>`;

  it.each([
    ['1.1', 'http://www.omg.org/spec/DMN/20151101/dmn.xsd', 'http://www.omg.org/spec/FEEL/20140401'],
    ['1.2', 'http://www.omg.org/spec/DMN/20180521/MODEL/', 'http://www.omg.org/spec/DMN/20180521/FEEL/'],
    ['1.3', 'https://www.omg.org/spec/DMN/20191111/MODEL/', 'https://www.omg.org/spec/DMN/20191111/FEEL/'],
    ['1.4', 'https://www.omg.org/spec/DMN/20211108/MODEL/', 'https://www.omg.org/spec/DMN/20211108/FEEL/'],
    ['1.5', 'https://www.omg.org/spec/DMN/20230324/MODEL/', 'https://www.omg.org/spec/DMN/20230324/FEEL/'],
  ])('DMN %s parses and evaluates', async (_version, namespace, feel) => {
    const drg = await parsed(definitions(greeting('feel:string', feel), namespace));
    expect(evaluateDecision(drg, 'greeting', { name: 'DMN' })).toMatchObject({ ok: true, decisionOutput: 'Hello DMN' });
  });

  it("a DMN 1.2 file with its diagram in DMN 1.2's DI namespace", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/DMN/20180521/MODEL/" xmlns:dmndi="http://www.omg.org/spec/DMN/20180521/DMNDI/"
    xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="drg" name="DRG" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="answer" name="Answer"><literalExpression><text>42</text></literalExpression></decision>
  <dmndi:DMNDI><dmndi:DMNDiagram><dmndi:DMNShape dmnElementRef="answer">
    <dc:Bounds height="80" width="180" x="100" y="100"/></dmndi:DMNShape></dmndi:DMNDiagram></dmndi:DMNDI>
</definitions>`;
    expect(evaluateDecision(await parsed(xml), 'answer', {})).toMatchObject({ ok: true, decisionOutput: 42 });
  });

  it('a DMN 1.1 decision table with a required decision (Camunda 7 style)', async () => {
    const xml = definitions(
      table('size', {
        inputs: ['amount'],
        outputs: ['size'],
        rules: [
          [['> 100'], ['"big"']],
          [['<= 100'], ['"small"']],
        ],
      }) +
        table('shipping', {
          requires: ['size'],
          inputs: ['size'],
          outputs: ['carrier'],
          rules: [
            [['"big"'], ['"freight"']],
            [['"small"'], ['"parcel"']],
          ],
        }),
      'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
    );
    expect(evaluateDecision(await parsed(xml), 'shipping', { amount: 500 })).toMatchObject({
      ok: true,
      decisionOutput: 'freight',
    });
  });
});

describe('refusals', () => {
  it('a DRG whose decisions require each other in a cycle', async () => {
    const xml = definitions(
      literal('a', 'b', { requires: ['b'] }) +
        literal('b', 'c', { requires: ['c'] }) +
        literal('c', 'a', { requires: ['a'] }),
    );
    expect(await refusal(xml)).toBe('Invalid DMN model: Cyclic dependencies between decisions detected.');
  });

  it('a decision requiring itself', async () => {
    expect(await refusal(definitions(literal('a', '1', { requires: ['a'] })))).toBe(
      'Invalid DMN model: Cyclic dependencies between decisions detected.',
    );
  });

  it('a required decision the DRG does not have', async () => {
    expect(await refusal(definitions(literal('a', 'ghost', { requires: ['ghost'] })))).toBe(
      'Unable to find a model element instance for id ghost',
    );
  });

  it('a hit policy or aggregator DMN does not define (the schema refuses it)', async () => {
    const spec = { inputs: ['x'], outputs: ['y'], rules: [[['-'], ['1']]] as [string[], string[]][] };
    const invalid =
      'Failed to parse DMN: org.camunda.bpm.model.xml.ModelValidationException: DOM document is not valid';
    expect(await refusal(definitions(table('d', { ...spec, hitPolicy: 'UNORDERED' })))).toBe(invalid);
    expect(await refusal(definitions(table('d', { ...spec, hitPolicy: 'COLLECT', aggregation: 'AVG' })))).toBe(invalid);
    expect(await refusal(definitions(table('d', { ...spec, hitPolicy: 'Unique' })))).toBe(invalid);
  });

  it('two decisions with one id (XML ids are unique)', async () => {
    expect(await refusal(definitions(literal('a', '1') + literal('a', '2')))).toBe(
      'Failed to parse DMN: org.camunda.bpm.model.xml.ModelValidationException: DOM document is not valid',
    );
  });

  it('an aggregator on a table with several outputs, and an unnamed output among several', async () => {
    const xml = definitions(
      table('d', {
        hitPolicy: 'COLLECT',
        aggregation: 'SUM',
        inputs: ['x'],
        outputs: ['a', { label: 'Discount' }],
        rules: [[['-'], ['1', '2']]],
      }),
    );
    expect(await refusal(xml)).toBe(
      "hit policy 'COLLECT' with aggregator is not defined for compound output\nno output name defined for `Discount`",
    );
  });

  it('FEEL that does not parse, every failure on a line of its own (as Zeebe reports them)', async () => {
    const xml = definitions(
      table('d', {
        inputs: ['x'],
        outputs: ['y'],
        rules: [
          [['> '], ['']],
          [['-'], ['1 +']],
        ],
      }),
    );
    const lines = (await refusal(xml)).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^FEEL unary-tests: failed to parse expression '> ': /);
    expect(lines[1]).toBe(
      `FEEL expression: failed to parse expression '': Expected (ifOp | forOp | quantifiedOp | disjunction):1:1, found ""`,
    );
    expect(lines[2]).toMatch(/^FEEL expression: failed to parse expression '1 \+': /);
  });

  it('an expression language other than FEEL, and a literal expression without text', async () => {
    const xml = definitions(`
      <decision id="a" name="A"><literalExpression expressionLanguage="juel"><text>\${x}</text></literalExpression></decision>
      <decision id="b" name="B"><literalExpression id="b_le"/></decision>`);
    expect(await refusal(xml)).toBe(
      "Expression language 'juel' is not supported\nThe expression 'b_le' must not be empty.",
    );
  });

  it('decision logic Baton does not evaluate (a context)', async () => {
    const xml = definitions(`
      <decision id="a" name="A"><context><contextEntry><variable name="x"/><literalExpression><text>1</text></literalExpression></contextEntry></context></decision>`);
    expect(await refusal(xml)).toBe("unsupported decision expression 'Context'");
  });

  it('what is not DMN XML at all, and DOCTYPE declarations', async () => {
    expect(await refusal('not xml')).toMatch(/^Failed to parse DMN: /);
    expect(await refusal('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><definitions/>')).toMatch(
      /^Failed to parse DMN: DOCTYPE/,
    );
    expect(
      await refusal('<?xml version="1.0"?><process xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>'),
    ).toMatch(/^Failed to parse DMN: /);
  });

  it('parseDmn reports a failure as a value, never by throwing', async () => {
    await expect(parseDmn('<<<')).resolves.toMatchObject({ ok: false });
  });
});
