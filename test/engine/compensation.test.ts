import { serviceTask } from '../support/bpmn';
import {
  activeElements,
  completedElements,
  deployProcesses,
  newEngine,
  stateOf,
  workJobs,
} from '../support/in-process';

/** An activity with a compensation boundary event associated with its handler. */
const compensable = (id: string) => `${serviceTask(id)}
  <bpmn:boundaryEvent id="${id}-comp" attachedToRef="${id}"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
  ${serviceTask(`undo-${id}`, `undo-${id}`, '', 'isForCompensation="true"')}
  <bpmn:association id="${id}-assoc" associationDirection="One" sourceRef="${id}-comp" targetRef="undo-${id}"/>`;

const throwCompensation = (id: string, activityRef?: string, end = false) => {
  const tag = end ? 'endEvent' : 'intermediateThrowEvent';
  const ref = activityRef ? ` activityRef="${activityRef}"` : '';
  return `<bpmn:${tag} id="${id}"><bpmn:compensateEventDefinition${ref}/></bpmn:${tag}>`;
};

describe('compensation (Zeebe 8.5+ semantics)', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  test('a throw event without activityRef runs the handlers of all completed activities at once and waits for them', async () => {
    await deployProcesses(engine, {
      id: 'comp-all',
      elements: `<bpmn:startEvent id="start"/>${compensable('a')}${compensable('b')}${serviceTask('never', 'never')}
        ${throwCompensation('undo-all')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> a -> b -> undo-all -> end'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'comp-all' });
    workJobs(engine, 'a');
    workJobs(engine, 'b');
    expect(activeElements(engine, processInstanceKey).sort()).toEqual(['undo-a', 'undo-all', 'undo-b']);
    workJobs(engine, 'undo-b');
    expect(stateOf(engine, processInstanceKey)).toBe('ACTIVE'); // still waiting for undo-a
    workJobs(engine, 'undo-a');
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
    expect(completedElements(engine, processInstanceKey).slice(-2)).toEqual(['undo-all', 'end']);
  });

  test('a throw event with activityRef runs only that activity handler; successive throws undo in reverse order', async () => {
    await deployProcesses(engine, {
      id: 'comp-ref',
      elements: `<bpmn:startEvent id="start"/>${compensable('a')}${compensable('b')}
        ${throwCompensation('undo-b-first', 'b')}${throwCompensation('undo-a-next', 'a')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> a -> b -> undo-b-first -> undo-a-next -> end'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'comp-ref' });
    workJobs(engine, 'a');
    workJobs(engine, 'b');
    expect(activeElements(engine, processInstanceKey).sort()).toEqual(['undo-b', 'undo-b-first']);
    expect(workJobs(engine, 'undo-a')).toHaveLength(0);
    workJobs(engine, 'undo-b');
    expect(activeElements(engine, processInstanceKey).sort()).toEqual(['undo-a', 'undo-a-next']);
    workJobs(engine, 'undo-a');
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
    const order = completedElements(engine, processInstanceKey).filter(
      (id) => id.startsWith('undo-') && id.length === 6,
    );
    expect(order).toEqual(['undo-b', 'undo-a']);
  });

  test('only completed activities are compensated, each once per completion', async () => {
    await deployProcesses(engine, {
      id: 'comp-once',
      elements: `<bpmn:startEvent id="start"/>${compensable('a')}${throwCompensation('t1')}${throwCompensation('t2')}
        ${compensable('c')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> a -> t1 -> t2 -> c -> end'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'comp-once' });
    workJobs(engine, 'a');
    expect(workJobs(engine, 'undo-a')).toHaveLength(1); // t1 runs it
    expect(workJobs(engine, 'undo-a')).toHaveLength(0); // t2 has nothing left to undo and passes through
    expect(activeElements(engine, processInstanceKey)).toEqual(['c']);
    workJobs(engine, 'c');
    expect(workJobs(engine, 'undo-c')).toHaveLength(0); // c completed after the throws: not compensated
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
  });

  test('an error event sub-process compensates the activities of the process scope (saga wiring)', async () => {
    await deployProcesses(engine, {
      id: 'saga',
      elements: `<bpmn:startEvent id="start"/>${compensable('pay')}${compensable('reserve')}${serviceTask('ship')}<bpmn:endEvent id="end"/>
        <bpmn:subProcess id="on-failure" triggeredByEvent="true">
          <bpmn:startEvent id="failed"><bpmn:errorEventDefinition errorRef="err"/></bpmn:startEvent>
          ${throwCompensation('undo-reserve-first', 'reserve')}${throwCompensation('undo-pay-next', 'pay')}
          <bpmn:endEvent id="cancelled"/>
          <bpmn:sequenceFlow id="e1" sourceRef="failed" targetRef="undo-reserve-first"/>
          <bpmn:sequenceFlow id="e2" sourceRef="undo-reserve-first" targetRef="undo-pay-next"/>
          <bpmn:sequenceFlow id="e3" sourceRef="undo-pay-next" targetRef="cancelled"/>
        </bpmn:subProcess>`,
      flows: ['start -> pay -> reserve -> ship -> end'],
      definitions: '<bpmn:error id="err" errorCode="SHIPPING_FAILED"/>',
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'saga' });
    workJobs(engine, 'pay');
    workJobs(engine, 'reserve');
    const [ship] = engine.activateJobs({ type: 'ship', worker: 't', timeout: 1000, maxJobsToActivate: 1 });
    engine.throwError(ship.key, 'SHIPPING_FAILED', 'carrier down');
    expect(activeElements(engine, processInstanceKey).sort()).toEqual([
      'on-failure',
      'undo-reserve',
      'undo-reserve-first',
    ]);
    workJobs(engine, 'undo-reserve');
    workJobs(engine, 'undo-pay');
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
    const handlers = completedElements(engine, processInstanceKey).filter(
      (id) => id === 'undo-pay' || id === 'undo-reserve',
    );
    expect(handlers).toEqual(['undo-reserve', 'undo-pay']);
    const shipInstance = [...engine.listElementInstances(processInstanceKey)].find((e) => e.elementId === 'ship');
    expect(shipInstance?.state).toBe('TERMINATED');
  });

  test('compensating a completed embedded sub-process runs the handlers of the activities inside it', async () => {
    await deployProcesses(engine, {
      id: 'comp-sub',
      elements: `<bpmn:startEvent id="start"/>
        <bpmn:subProcess id="inner"><bpmn:startEvent id="s"/>${compensable('x')}<bpmn:endEvent id="e"/>
          <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x"/><bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e"/>
        </bpmn:subProcess>${throwCompensation('undo', undefined, true)}`,
      flows: ['start -> inner -> undo'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'comp-sub' });
    workJobs(engine, 'x');
    expect(workJobs(engine, 'undo-x')).toHaveLength(1);
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
  });

  test('waitForCompletion="false" and compensation event sub-processes are rejected at deploy', async () => {
    await expect(
      deployProcesses(engine, {
        id: 'comp-nowait',
        elements: `<bpmn:startEvent id="start"/><bpmn:intermediateThrowEvent id="t"><bpmn:compensateEventDefinition waitForCompletion="false"/></bpmn:intermediateThrowEvent>`,
        flows: ['start -> t'],
      }),
    ).rejects.toThrow(/Element: t[\s\S]*waitForCompletion/);
    await expect(
      deployProcesses(engine, {
        id: 'comp-esp',
        elements: `<bpmn:startEvent id="start"/><bpmn:subProcess id="esp" triggeredByEvent="true">
          <bpmn:startEvent id="cs"><bpmn:compensateEventDefinition/></bpmn:startEvent></bpmn:subProcess>`,
      }),
    ).rejects.toThrow(/Element: esp[\s\S]*compensation event sub-process/);
  });
});
