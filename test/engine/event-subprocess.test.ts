import { serviceTask } from '../support/bpmn';
import {
  activateOne,
  activeElements,
  completedElements,
  deployProcesses,
  newEngine,
  stateOf,
  variablesOf,
  workJobs,
} from '../support/in-process';

const HOUR = 3_600_000;
const message = (name: string) =>
  `<bpmn:message id="msg-${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= id"/></bpmn:extensionElements></bpmn:message>`;
const eventSub = (id: string, start: string, body = '', flows = '') =>
  `<bpmn:subProcess id="${id}" triggeredByEvent="true">${start}${body}${flows}</bpmn:subProcess>`;

describe('event sub-processes and boundary events', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  beforeAll(async () => {
    engine.clock.pin(Date.parse('2026-05-01T00:00:00Z'));
    await deployProcesses(
      engine,
      {
        id: 'esp-message',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'esp-work')}<bpmn:endEvent id="end"/>
          ${eventSub(
            'cancelled',
            '<bpmn:startEvent id="cancel-received"><bpmn:messageEventDefinition messageRef="msg-cancel"/></bpmn:startEvent>',
            '<bpmn:endEvent id="cancel-end"/>',
            '<bpmn:sequenceFlow id="c1" sourceRef="cancel-received" targetRef="cancel-end"/>',
          )}
          ${eventSub(
            'reminder',
            `<bpmn:startEvent id="remind-at" isInterrupting="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`,
            serviceTask('send-reminder', 'esp-remind'),
            '<bpmn:sequenceFlow id="r1" sourceRef="remind-at" targetRef="send-reminder"/>',
          )}`,
        flows: ['start -> work -> end'],
        definitions: message('cancel'),
      },
      {
        id: 'error-end',
        elements: `<bpmn:startEvent id="start"/>
          <bpmn:subProcess id="inner"><bpmn:startEvent id="s"/><bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="e"/></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fail"/></bpmn:subProcess>
          <bpmn:boundaryEvent id="caught" attachedToRef="inner"><bpmn:errorEventDefinition errorRef="e"/></bpmn:boundaryEvent>
          <bpmn:endEvent id="end"/><bpmn:endEvent id="handled"/>`,
        flows: ['start -> inner -> end', 'caught -> handled'],
        definitions: '<bpmn:error id="e" errorCode="BOOM"/>',
      },
      {
        id: 'boundary-message',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'bm-work')}<bpmn:endEvent id="end"/>
          <bpmn:boundaryEvent id="note" attachedToRef="work" cancelActivity="false"><bpmn:messageEventDefinition messageRef="msg-note"/></bpmn:boundaryEvent>
          <bpmn:endEvent id="noted"/>`,
        flows: ['start -> work -> end', 'note -> noted'],
        definitions: message('note'),
      },
      {
        id: 'esp-error-local',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'local-work')}<bpmn:endEvent id="end"/>
          ${eventSub(
            'on-error',
            '<bpmn:startEvent id="any-error"><bpmn:errorEventDefinition/></bpmn:startEvent>',
            '<bpmn:endEvent id="error-end"/>',
            '<bpmn:sequenceFlow id="x1" sourceRef="any-error" targetRef="error-end"/>',
          )}`,
        flows: ['start -> work -> end'],
      },
    );
  });

  test('an interrupting message event sub-process terminates the running work and ends the process', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'esp-message',
      variables: { id: 'c-1' },
    }).processInstanceKey;
    engine.publishMessage({
      name: 'cancel',
      correlationKey: 'c-1',
      timeToLive: 0,
      variables: { reason: 'changed mind' },
    });
    expect(stateOf(engine, key)).toBe('COMPLETED');
    expect(completedElements(engine, key)).toEqual(['start', 'cancel-received', 'cancel-end', 'cancelled']);
    expect(variablesOf(engine, key).reason).toBe('changed mind');
    expect(workJobs(engine, 'esp-work')).toHaveLength(0);
  });

  test('a non-interrupting timer event sub-process runs alongside, once per cycle, and the process waits for it', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'esp-message',
      variables: { id: 'c-2' },
    }).processInstanceKey;
    engine.clock.advance(2 * HOUR);
    expect(workJobs(engine, 'esp-remind')).toHaveLength(2);
    expect(activeElements(engine, key)).toEqual(['work']);
    workJobs(engine, 'esp-work');
    expect(stateOf(engine, key)).toBe('COMPLETED');
  });

  test('an error end event in a sub-process is caught by the boundary event of the sub-process', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'error-end' }).processInstanceKey;
    expect(stateOf(engine, key)).toBe('COMPLETED');
    expect(completedElements(engine, key)).toEqual(['start', 's', 'caught', 'handled']);
    const inner = [...engine.listElementInstances(key)].find((e) => e.elementId === 'inner');
    expect(inner?.state).toBe('TERMINATED');
  });

  test('a non-interrupting message boundary event fires while the task keeps running', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'boundary-message',
      variables: { id: 'n-1' },
    }).processInstanceKey;
    engine.publishMessage({ name: 'note', correlationKey: 'n-1', timeToLive: 0 });
    engine.publishMessage({ name: 'note', correlationKey: 'n-1', timeToLive: 0 });
    expect(completedElements(engine, key).filter((id) => id === 'noted')).toHaveLength(2);
    expect(activeElements(engine, key)).toEqual(['work']);
    workJobs(engine, 'bm-work');
    expect(stateOf(engine, key)).toBe('COMPLETED');
  });

  test('a catch-all error event sub-process catches a job error', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'esp-error-local' }).processInstanceKey;
    engine.throwError(activateOne(engine, 'local-work').key, 'ANY', 'failed');
    expect(completedElements(engine, key)).toEqual(['start', 'any-error', 'error-end', 'on-error']);
    expect(stateOf(engine, key)).toBe('COMPLETED');
  });

  test('awaitCompletion resolves with the variables when the instance completes', async () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'boundary-message',
      variables: { id: 'n-2' },
    }).processInstanceKey;
    const done = engine.awaitCompletion(key, 5000, ['id', 'result']);
    workJobs(engine, 'bm-work', () => ({ result: 42, extra: 1 }));
    await expect(done).resolves.toEqual({ id: 'n-2', result: 42 });
  });

  test('startInstructions start the instance at the named element', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'boundary-message',
      variables: { id: 'n-3' },
      startInstructions: [{ elementId: 'end' }],
    }).processInstanceKey;
    expect(completedElements(engine, key)).toEqual(['end']);
  });
});
