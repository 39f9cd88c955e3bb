/**
 * Issue 9, point 9, through the unmodified SDK over gRPC: a diagram the embedded engine cannot run is
 * rejected at deploy time with INVALID_ARGUMENT, naming each unsupported element by id with the reason —
 * all problems of a resource at once — and nothing of that deployment is stored.
 */
import { bpmnXml, serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import { definitionsOf, expectRead, uniqueName as t } from './zeebe-harness';

const unsupported: [string, string, RegExp][] = [
  [
    'a complex gateway',
    '<bpmn:complexGateway id="route"/>',
    /Element: route\s+- ERROR: Elements of type 'ComplexGateway' are not supported/,
  ],
  [
    'a compensation event sub-process',
    `<bpmn:subProcess id="undo-all" triggeredByEvent="true"><bpmn:startEvent id="undo-start"><bpmn:compensateEventDefinition/></bpmn:startEvent>
      <bpmn:endEvent id="undo-end"/><bpmn:sequenceFlow id="u1" sourceRef="undo-start" targetRef="undo-end"/></bpmn:subProcess>`,
    /Element: undo-all\s+- ERROR: A compensation event sub-process is not supported/,
  ],
  [
    'a link throw event without its catch event',
    '<bpmn:intermediateThrowEvent id="go-to-b"><bpmn:linkEventDefinition name="B"/></bpmn:intermediateThrowEvent>',
    /Element: \S+\s+- ERROR: Can't find an catch link event for the throw link event with the name 'B'\./,
  ],
  [
    'an escalation end event without an escalation',
    '<bpmn:endEvent id="escalate"><bpmn:escalationEventDefinition/></bpmn:endEvent>',
    /Element: escalate\s+- ERROR: Must reference an escalation/,
  ],
  [
    'a transaction',
    '<bpmn:transaction id="tx"/>',
    /Element: tx\s+- ERROR: Elements of type 'Transaction' are not supported/,
  ],
  [
    'a standard loop',
    `<bpmn:serviceTask id="retry-loop"><bpmn:extensionElements><zeebe:taskDefinition type="x"/></bpmn:extensionElements><bpmn:standardLoopCharacteristics/></bpmn:serviceTask>`,
    /Element: retry-loop\s+- ERROR: Standard loops are not supported/,
  ],
  [
    'a DMN business rule task without a result variable',
    '<bpmn:businessRuleTask id="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="d"/></bpmn:extensionElements></bpmn:businessRuleTask>',
    /Element: decide\s+- ERROR: Attribute 'resultVariable' must be present and not empty/,
  ],
  [
    'a receive task after an event-based gateway',
    `<bpmn:eventBasedGateway id="wait"/><bpmn:receiveTask id="reply"/><bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:sequenceFlow id="w1" sourceRef="wait" targetRef="reply"/><bpmn:sequenceFlow id="w2" sourceRef="wait" targetRef="later"/>`,
    /Element: wait\s+- ERROR: An event-based gateway may only lead to message, timer, signal or conditional intermediate catch events, but 'reply' is not one/,
  ],
  [
    'a message end event without a job',
    '<bpmn:endEvent id="notify"><bpmn:messageEventDefinition/></bpmn:endEvent>',
    /Element: notify\s+- ERROR: Must have exactly one 'zeebe:taskDefinition'/,
  ],
];

describeWithEngine('deploy-time validation through the SDK over gRPC', () => {
  const sdk = sdkCluster();

  const withElement = (id: string, element: string): TestProcess => ({
    id,
    elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'work')}<bpmn:endEvent id="end"/>${element}`,
    flows: ['start -> work -> end'],
  });
  const deployXml = (name: string, xml: string) => sdk.zeebe.deployResource({ name, process: Buffer.from(xml) });

  test.each(unsupported)(
    '%s is rejected with INVALID_ARGUMENT naming the element and the reason',
    async (what, element, reason) => {
      const id = t(what.replace(/\W+/g, '-'));
      const error = await deployXml(`${id}.bpmn`, bpmnXml(withElement(id, element))).then(
        () => undefined,
        (err: Error) => err,
      );
      expect(error?.message).toMatch(/INVALID_ARGUMENT/);
      expect(error?.message).toMatch(reason);
      expect(error?.message).toContain(`'${id}.bpmn'`);
      await expectRead(sdk.engine, () => definitionsOf(sdk.engine, id)).toEqual([]);
    },
  );

  test('every problem of a resource is named at once; the same model without them deploys', async () => {
    const id = t('two-problems');
    const both = `${unsupported[0][1]}${unsupported[3][1]}`;
    const error = await deployXml(`${id}.bpmn`, bpmnXml(withElement(id, both))).catch((err: Error) => err);
    expect(String((error as Error).message)).toMatch(/Element: route[\s\S]*Element: escalate/);
    const clean = await deployXml(`${id}.bpmn`, bpmnXml(withElement(id, '')));
    expect(clean.deployments[0].process.bpmnProcessId).toBe(id);
  });
});
