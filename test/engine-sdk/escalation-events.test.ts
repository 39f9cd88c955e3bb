/**
 * Issue 21, item 4 (escalation) through the unmodified SDK over gRPC and REST v2: escalation throw and end
 * events (static or FEEL code) are caught by the nearest scope's boundary event or event sub-process start, a
 * code beating a catch-all, across a call activity too; non-interrupting catches let the thrower go on, an
 * interrupting one ends its scope; uncaught escalations are no incident (Zeebe: non-critical). Deploy rejects
 * what Zeebe's model validation rejects, in its words.
 */
import { bpmnXml, serviceTask, type TestProcess } from '../support/bpmn';
import { describeWithEngine } from '../support/describe-with-engine';
import { sdkCluster } from './sdk-cluster';
import {
  completedElements,
  completeOne,
  elementInstances,
  openIncident,
  uniqueName as t,
  untilEnded,
} from './zeebe-harness';

const escalations =
  '<bpmn:escalation id="esc-late" escalationCode="LATE"/><bpmn:escalation id="esc-dyn" escalationCode="=code"/>';
const throwEvent = (id: string, ref = 'esc-late') =>
  `<bpmn:intermediateThrowEvent id="${id}"><bpmn:escalationEventDefinition escalationRef="${ref}"/></bpmn:intermediateThrowEvent>`;
const endEscalation = (id: string, ref = 'esc-late') =>
  `<bpmn:endEvent id="${id}"><bpmn:escalationEventDefinition escalationRef="${ref}"/></bpmn:endEvent>`;
const boundary = (id: string, attachedTo: string, interrupting: boolean, ref?: string) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${interrupting}"><bpmn:escalationEventDefinition${ref ? ` escalationRef="${ref}"` : ''}/></bpmn:boundaryEvent>`;
const subProcess = (id: string, inner: string, flows: [string, string][]) =>
  `<bpmn:subProcess id="${id}"><bpmn:startEvent id="${id}-start"/>${inner}${flows
    .map(([a, b]) => `<bpmn:sequenceFlow id="${id}-${a}-${b}" sourceRef="${a}" targetRef="${b}"/>`)
    .join('')}</bpmn:subProcess>`;
const eventSub = (id: string, interrupting: boolean, ref: string | undefined, after: string) =>
  `<bpmn:subProcess id="${id}" triggeredByEvent="true"><bpmn:startEvent id="${id}-start" isInterrupting="${interrupting}"><bpmn:escalationEventDefinition${ref ? ` escalationRef="${ref}"` : ''}/></bpmn:startEvent>${after}<bpmn:endEvent id="${id}-end"/>
    <bpmn:sequenceFlow id="${id}-f1" sourceRef="${id}-start" targetRef="${id}-end"/></bpmn:subProcess>`;

const processes: TestProcess[] = [
  {
    // a throw inside a sub-process, caught by the sub-process's non-interrupting boundary: both paths go on
    id: t('esc-non-interrupting'),
    elements: `<bpmn:startEvent id="start"/>${subProcess(
      'work',
      `${throwEvent('raise')}${serviceTask('finish', t('esc-finish'))}<bpmn:endEvent id="work-end"/>`,
      [
        ['work-start', 'raise'],
        ['raise', 'finish'],
        ['finish', 'work-end'],
      ],
    )}<bpmn:endEvent id="end"/>${boundary('noticed', 'work', false, 'esc-late')}<bpmn:endEvent id="noticed-end"/>`,
    flows: ['start -> work -> end', 'noticed -> noticed-end'],
    definitions: escalations,
  },
  {
    // an escalation end event caught by an interrupting catch-all: the sub-process ends, its other work too
    id: t('esc-interrupting'),
    elements: `<bpmn:startEvent id="start"/>${subProcess(
      'work',
      `<bpmn:parallelGateway id="fork"/>${endEscalation('give-up')}${serviceTask('slow', t('esc-slow'))}<bpmn:endEvent id="slow-end"/>`,
      [
        ['work-start', 'fork'],
        ['fork', 'give-up'],
        ['fork', 'slow'],
        ['slow', 'slow-end'],
      ],
    )}<bpmn:endEvent id="end"/>${boundary('any', 'work', true)}<bpmn:endEvent id="escalated"/>`,
    flows: ['start -> work -> end', 'any -> escalated'],
    definitions: escalations,
  },
  {
    // event sub-processes at the process: the one naming the (FEEL) code wins over the catch-all
    id: t('esc-event-subs'),
    elements: `<bpmn:startEvent id="start"/>${throwEvent('raise', 'esc-dyn')}<bpmn:endEvent id="end"/>
      ${eventSub('on-late', false, 'esc-late', '')}${eventSub('on-any', false, undefined, '')}`,
    flows: ['start -> raise -> end'],
    definitions: escalations,
  },
  {
    // an interrupting escalation event sub-process ends the rest of its scope
    id: t('esc-interrupting-sub'),
    elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/><bpmn:intermediateThrowEvent id="pause"/>${throwEvent('raise')}<bpmn:endEvent id="raised-end"/>
      ${serviceTask('wait', t('esc-wait'))}<bpmn:endEvent id="end"/>${eventSub('stop', true, 'esc-late', '')}`,
    flows: ['start -> fork -> pause -> raise -> raised-end', 'fork -> wait -> end'],
    definitions: escalations,
  },
  {
    id: t('esc-uncaught'),
    elements: `<bpmn:startEvent id="start"/>${throwEvent('raise')}${endEscalation('end')}`,
    flows: ['start -> raise -> end'],
    definitions: escalations,
  },
  {
    id: t('esc-child'),
    elements: `<bpmn:startEvent id="start"/>${endEscalation('escalate')}`,
    flows: ['start -> escalate'],
    definitions: escalations,
  },
  {
    // the called process escalates: the call activity's interrupting boundary catches it
    id: t('esc-parent'),
    elements: `<bpmn:startEvent id="start"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="${t('esc-child')}"/></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:endEvent id="end"/>${boundary('late', 'call', true, 'esc-late')}<bpmn:endEvent id="late-end"/>`,
    flows: ['start -> call -> end', 'late -> late-end'],
    definitions: escalations,
  },
  {
    id: t('esc-bad-code'),
    elements: `<bpmn:startEvent id="start"/>${throwEvent('raise', 'esc-dyn')}<bpmn:endEvent id="end"/>`,
    flows: ['start -> raise -> end'],
    definitions: escalations,
  },
];

describeWithEngine('escalation events through the SDK', () => {
  const sdk = sdkCluster(...processes);
  const start = async (id: string, variables: Record<string, string | number> = {}) =>
    (await sdk.zeebe.createProcessInstance({ bpmnProcessId: t(id), variables })).processInstanceKey;
  const states = async (key: string) =>
    new Map((await elementInstances(sdk.engine, key)).map((e) => [e.elementId, e.state]));

  test('a non-interrupting boundary catches the escalation; the throw event and the boundary path both go on', async () => {
    const key = await start('esc-non-interrupting');
    await completeOne(sdk.zeebe, t('esc-finish'));
    await untilEnded(sdk.engine, key);
    const done = await completedElements(sdk.engine, key);
    expect(done).toEqual(expect.arrayContaining(['raise', 'noticed', 'noticed-end', 'finish', 'work', 'end']));
  });

  test('an interrupting catch-all boundary ends the sub-process, the escalation end event with it', async () => {
    const key = await start('esc-interrupting');
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    const s = await states(key);
    expect(s.get('work')).toBe('TERMINATED');
    expect(s.get('give-up')).toBe('TERMINATED');
    expect(s.get('slow')).toBe('TERMINATED');
    expect(s.get('escalated')).toBe('COMPLETED');
    expect(s.has('end')).toBe(false);
  });

  test('a FEEL escalation code; the event sub-process naming the code wins over the catch-all', async () => {
    const late = await start('esc-event-subs', { code: 'LATE' });
    await untilEnded(sdk.engine, late);
    const lateStates = await states(late);
    expect(lateStates.get('on-late')).toBe('COMPLETED');
    expect(lateStates.has('on-any')).toBe(false);
    expect(lateStates.get('end')).toBe('COMPLETED');

    const other = await start('esc-event-subs', { code: 'OTHER' });
    await untilEnded(sdk.engine, other);
    const otherStates = await states(other);
    expect(otherStates.get('on-any')).toBe('COMPLETED');
    expect(otherStates.has('on-late')).toBe(false);
  });

  test('an interrupting escalation event sub-process ends the rest of its scope', async () => {
    const key = await start('esc-interrupting-sub');
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    const s = await states(key);
    expect(s.get('raise')).toBe('TERMINATED');
    expect(s.get('wait')).toBe('TERMINATED');
    expect(s.get('stop')).toBe('COMPLETED');
    expect(s.has('raised-end')).toBe(false);
  });

  test('an escalation nobody catches is no incident: the throw and end events complete', async () => {
    const key = await start('esc-uncaught');
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    expect(await completedElements(sdk.engine, key)).toEqual(['start', 'raise', 'end']);
  });

  test("a called process's escalation reaches the call activity's boundary event", async () => {
    const key = await start('esc-parent');
    expect(await untilEnded(sdk.engine, key)).toBe('COMPLETED');
    const s = await states(key);
    expect(s.get('call')).toBe('TERMINATED');
    expect(s.get('late-end')).toBe('COMPLETED');
  });

  test('a FEEL code that is no string raises an EXTRACT_VALUE_ERROR incident on the throw event', async () => {
    const key = await start('esc-bad-code');
    const incident = await openIncident(sdk.engine, key);
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'raise' });
    expect(incident.errorMessage).toMatch(/Expected result of the expression 'code' to be 'STRING', but was 'NULL'/);
  });

  const rejections: [string, string, string, RegExp][] = [
    [
      'a boundary on a task',
      `<bpmn:startEvent id="start"/>${serviceTask('task', 'x')}<bpmn:endEvent id="end"/>${boundary('b', 'task', true, 'esc-late')}<bpmn:endEvent id="b-end"/>`,
      'start -> task -> end|b -> b-end',
      /Element: b\s+- ERROR: An escalation boundary event should only be attached to a subprocess, or a call activity\./,
    ],
    [
      'two catch-alls on one scope',
      `<bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>${eventSub('one', false, undefined, '')}${eventSub('two', false, undefined, '')}`,
      'start -> end',
      /ERROR: The same scope can not contain more than one escalation catch event without escalation code\. An escalation catch event without escalation code catches all escalations\./,
    ],
    [
      'two catches of one code',
      `<bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>${eventSub('one', false, 'esc-late', '')}${eventSub('two', false, 'esc-late', '')}`,
      'start -> end',
      /ERROR: Multiple escalation catch events with the same escalation code 'LATE' are not supported on the same scope\./,
    ],
    [
      'an expression as a catch code',
      `<bpmn:startEvent id="start"/><bpmn:endEvent id="end"/>${eventSub('one', false, 'esc-dyn', '')}`,
      'start -> end',
      /Element: one-start\s+- ERROR: The escalationCode of the escalation catch event is not allowed to be an expression/,
    ],
    [
      'a throw without an escalation',
      `<bpmn:startEvent id="start"/><bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition/></bpmn:intermediateThrowEvent><bpmn:endEvent id="end"/>`,
      'start -> raise -> end',
      /Element: raise\s+- ERROR: Must reference an escalation/,
    ],
  ];

  test.each(rejections)('deploy rejects %s in Zeebe’s words', async (what, elements, flows, reason) => {
    const id = t(`esc-reject-${what.replace(/\W+/g, '-')}`);
    const xml = bpmnXml({ id, elements, flows: flows.split('|'), definitions: escalations });
    const error = await sdk.zeebe.deployResource({ name: `${id}.bpmn`, process: Buffer.from(xml) }).catch((e) => e);
    expect(String(error?.message)).toMatch(/INVALID_ARGUMENT/);
    expect(String(error?.message)).toMatch(reason);
  });
});
