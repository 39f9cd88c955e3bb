/**
 * Conditions as Zeebe treats them: at deploy, every flow out of a deciding gateway needs a condition unless it
 * is the default (SequenceFlowValidator); at run time a condition must be a boolean, and anything else (a
 * missing variable gives null) is an EXTRACT_VALUE_ERROR naming what it was, not a silent "false" that takes
 * the default flow. Also the other type checks that share Zeebe's wording: a multi-instance input collection
 * and a correlation key (a number is keyed by its integer part, as Zeebe writes it).
 */
import { bpmnXml, serviceTask } from '../support/bpmn';
import { completedElements, deployProcesses, newEngine, stateOf } from '../support/in-process';

describe('gateway conditions and typed expressions', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  const incidentOf = (processInstanceKey: string) =>
    [...engine.listIncidents()].find((i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE');

  test.each([
    ['exclusiveGateway', 'Must have a condition or be default flow'],
    ['inclusiveGateway', 'Must have a condition'],
  ])('a %s with an unconditioned flow that is not the default is rejected at deploy', async (kind, problem) => {
    const xml = bpmnXml({
      id: `unconditioned-${kind}`,
      elements: `<bpmn:startEvent id="start"/><bpmn:${kind} id="gw"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>`,
      flows: ['start -> gw', 'gw -> a [= x > 1]', 'gw -> b'],
    });
    await expect(engine.deploy([{ name: 'unconditioned.bpmn', content: xml }])).rejects.toThrow(
      new RegExp(`Element: flow_gw_b\\s+- ERROR: ${problem}$`),
    );
    // one way out needs no condition, and neither does the default flow
    await deployProcesses(
      engine,
      {
        id: `single-${kind}`,
        elements: `<bpmn:startEvent id="start"/><bpmn:${kind} id="gw"/><bpmn:endEvent id="a"/>`,
        flows: ['start -> gw -> a'],
      },
      {
        id: `defaulted-${kind}`,
        elements: `<bpmn:startEvent id="start"/><bpmn:${kind} id="gw"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>`,
        flows: ['start -> gw', 'gw -> a [= x > 1]', 'gw -> b [default]'],
      },
    );
    const single = engine.createProcessInstance({ bpmnProcessId: `single-${kind}` }).processInstanceKey;
    expect(completedElements(engine, single)).toEqual(['start', 'gw', 'a']);
  });

  test('a condition that does not compile is reported as invalid, not as missing', async () => {
    const xml = bpmnXml({
      id: 'broken-condition',
      elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>`,
      flows: ['start -> gw', 'gw -> a [= x >]', 'gw -> b [default]'],
    });
    const rejection = await engine.deploy([{ name: 'broken.bpmn', content: xml }]).catch((err: Error) => err.message);
    expect(rejection).toContain("Element: flow_gw_a\n    - ERROR: Invalid FEEL expression for condition '= x >'");
    expect(rejection).not.toContain('Must have a condition');
  });

  test('a condition on a missing variable is an incident, not the default flow; resolving it re-evaluates', async () => {
    await deployProcesses(engine, {
      id: 'xor-null',
      elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="big"/><bpmn:endEvent id="small"/>`,
      flows: ['start -> gw', 'gw -> big [= amount > 100]', 'gw -> small [default]'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'xor-null' });
    const incident = incidentOf(processInstanceKey);
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'gw' });
    expect(incident?.errorMessage).toMatch(
      /^Expected result of the expression ' amount > 100' to be 'BOOLEAN', but was 'NULL'\. The evaluation reported the following warnings:\n\[NO_VARIABLE_FOUND\] .*amount/,
    );
    expect(completedElements(engine, processInstanceKey)).toEqual(['start']);

    engine.setVariables(processInstanceKey, { amount: 500 }, false);
    engine.resolveIncident(incident?.key ?? '');
    expect(completedElements(engine, processInstanceKey)).toEqual(['start', 'gw', 'big']);
  });

  test('a condition that is not a boolean names its type, on exclusive and inclusive gateways alike', async () => {
    await deployProcesses(engine, {
      id: 'typed-conditions',
      elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>
        <bpmn:exclusiveGateway id="xor"/><bpmn:inclusiveGateway id="or"/><bpmn:endEvent id="a"/><bpmn:endEvent id="b"/>
        <bpmn:endEvent id="c"/><bpmn:endEvent id="d"/>`,
      flows: [
        'start -> fork -> xor',
        'fork -> or',
        'xor -> a [=answer]',
        'xor -> b [default]',
        'or -> c [=count]',
        'or -> d [default]',
      ],
    });
    const { processInstanceKey } = engine.createProcessInstance({
      bpmnProcessId: 'typed-conditions',
      variables: { answer: 'yes', count: 3 },
    });
    const messages = [...engine.listIncidents()]
      .filter((i) => i.processInstanceKey === processInstanceKey)
      .map((i) => [i.elementId, i.errorType, i.errorMessage]);
    expect(messages).toEqual([
      ['xor', 'EXTRACT_VALUE_ERROR', "Expected result of the expression 'answer' to be 'BOOLEAN', but was 'STRING'."],
      ['or', 'EXTRACT_VALUE_ERROR', "Expected result of the expression 'count' to be 'BOOLEAN', but was 'NUMBER'."],
    ]);
    expect(stateOf(engine, processInstanceKey)).toBe('ACTIVE');
  });

  test("a multi-instance collection and a correlation key of the wrong type are named in Zeebe's words", async () => {
    await deployProcesses(engine, {
      id: 'typed-inputs',
      elements: `<bpmn:startEvent id="start"/>
        ${serviceTask('each', 'typed-each').replace('</bpmn:serviceTask>', '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>')}
        <bpmn:endEvent id="end"/>`,
      flows: ['start -> each -> end'],
    });
    const mi = engine.createProcessInstance({ bpmnProcessId: 'typed-inputs', variables: { items: 'abc' } });
    expect(incidentOf(mi.processInstanceKey)?.errorMessage).toBe(
      "Expected result of the expression 'items' to be 'ARRAY', but was 'STRING'.",
    );

    await deployProcesses(engine, {
      id: 'keyed',
      elements: `<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="end"/>`,
      flows: ['start -> wait -> end'],
      definitions: `<bpmn:message id="m" name="keyed-go"><bpmn:extensionElements><zeebe:subscription correlationKey="=ref"/></bpmn:extensionElements></bpmn:message>`,
    });
    const wrong = engine.createProcessInstance({ bpmnProcessId: 'keyed', variables: { ref: true } });
    expect(incidentOf(wrong.processInstanceKey)?.errorMessage).toBe(
      "Failed to extract the correlation key for 'ref': The value must be either a string or a number, but was 'BOOLEAN'.",
    );
    const decimal = engine.createProcessInstance({ bpmnProcessId: 'keyed', variables: { ref: 12.7 } });
    engine.publishMessage({ name: 'keyed-go', correlationKey: '12', timeToLive: 0 });
    expect(stateOf(engine, decimal.processInstanceKey)).toBe('COMPLETED');
  });
});
