import { serviceTask } from '../support/bpmn';
import {
  activeElements,
  completedElements,
  deployProcesses,
  newEngine,
  stateOf,
  variablesOf,
  workJobs,
} from '../support/in-process';

describe('sequence flow, gateways and sub-processes', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  test('a none start event runs through a service task to the end event', async () => {
    await deployProcesses(engine, {
      id: 'straight',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'straight-work')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> work -> end'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'straight', variables: { a: 1 } });
    expect(activeElements(engine, processInstanceKey)).toEqual(['work']);
    const [job] = workJobs(engine, 'straight-work', () => ({ b: 2 }));
    expect(job.variables).toEqual({ a: 1 });
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
    expect(completedElements(engine, processInstanceKey)).toEqual(['start', 'work', 'end']);
    expect(variablesOf(engine, processInstanceKey)).toEqual({ a: 1, b: 2 });
  });

  test('an exclusive gateway takes the first true condition, else the default flow', async () => {
    await deployProcesses(engine, {
      id: 'xor',
      elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/>
        <bpmn:endEvent id="big"/><bpmn:endEvent id="huge"/><bpmn:endEvent id="small"/>`,
      flows: ['start -> gw', 'gw -> big [= amount > 100]', 'gw -> huge [= amount > 1000]', 'gw -> small [default]'],
    });
    const big = engine.createProcessInstance({ bpmnProcessId: 'xor', variables: { amount: 5000 } });
    const small = engine.createProcessInstance({ bpmnProcessId: 'xor', variables: { amount: 5 } });
    expect(completedElements(engine, big.processInstanceKey)).toEqual(['start', 'gw', 'big']);
    expect(completedElements(engine, small.processInstanceKey)).toEqual(['start', 'gw', 'small']);
  });

  test('an exclusive gateway with no true condition and no default raises an incident that re-evaluates on resolution', async () => {
    await deployProcesses(engine, {
      id: 'xor-incident',
      elements: `<bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="yes"/>`,
      flows: ['start -> gw', 'gw -> yes [= ok = true]'],
    });
    const { processInstanceKey } = engine.createProcessInstance({
      bpmnProcessId: 'xor-incident',
      variables: { ok: false },
    });
    const incident = [...engine.listIncidents()].find((i) => i.processInstanceKey === processInstanceKey);
    expect(incident).toMatchObject({ errorType: 'CONDITION_ERROR', elementId: 'gw', state: 'ACTIVE' });
    expect(stateOf(engine, processInstanceKey)).toBe('ACTIVE');
    engine.setVariables(processInstanceKey, { ok: true }, false);
    engine.resolveIncident(incident!.key);
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
  });

  test('a parallel gateway forks and joins; the process completes only after both branches', async () => {
    await deployProcesses(engine, {
      id: 'and',
      elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>${serviceTask('left', 'and-left')}${serviceTask('right', 'and-right')}
        <bpmn:parallelGateway id="join"/><bpmn:endEvent id="end"/>`,
      flows: ['start -> fork -> left -> join -> end', 'fork -> right -> join'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'and' });
    workJobs(engine, 'and-left');
    expect(stateOf(engine, processInstanceKey)).toBe('ACTIVE');
    expect(activeElements(engine, processInstanceKey)).toEqual(['right']);
    workJobs(engine, 'and-right');
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
    expect(completedElements(engine, processInstanceKey).filter((id) => id === 'join')).toHaveLength(1);
  });

  test('an embedded sub-process completes when its inner flow ends, then the outer flow continues', async () => {
    await deployProcesses(engine, {
      id: 'sub',
      elements: `<bpmn:startEvent id="start"/>
        <bpmn:subProcess id="inner"><bpmn:startEvent id="inner-start"/>${serviceTask('inner-work', 'sub-work')}<bpmn:endEvent id="inner-end"/>
          <bpmn:sequenceFlow id="f1" sourceRef="inner-start" targetRef="inner-work"/><bpmn:sequenceFlow id="f2" sourceRef="inner-work" targetRef="inner-end"/>
        </bpmn:subProcess><bpmn:endEvent id="end"/>`,
      flows: ['start -> inner -> end'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'sub' });
    expect(activeElements(engine, processInstanceKey)).toEqual(['inner', 'inner-work']);
    workJobs(engine, 'sub-work');
    expect(completedElements(engine, processInstanceKey)).toEqual([
      'start',
      'inner-start',
      'inner-work',
      'inner-end',
      'inner',
      'end',
    ]);
  });

  test('a terminate end event terminates the other branches and completes the process', async () => {
    await deployProcesses(engine, {
      id: 'terminate',
      elements: `<bpmn:startEvent id="start"/><bpmn:parallelGateway id="fork"/>${serviceTask('slow', 'terminate-slow')}
        <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent><bpmn:endEvent id="end"/>`,
      flows: ['start -> fork -> slow -> end', 'fork -> kill'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'terminate' });
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
    const slow = [...engine.listElementInstances(processInstanceKey)].find((e) => e.elementId === 'slow');
    expect(slow?.state).toBe('TERMINATED');
    expect(workJobs(engine, 'terminate-slow')).toHaveLength(0);
  });

  test('cancelling an instance terminates it and removes its jobs', async () => {
    await deployProcesses(engine, {
      id: 'cancel',
      elements: `<bpmn:startEvent id="start"/>${serviceTask('wait', 'cancel-wait')}<bpmn:endEvent id="end"/>`,
      flows: ['start -> wait -> end'],
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'cancel' });
    engine.cancelProcessInstance(processInstanceKey);
    expect(stateOf(engine, processInstanceKey)).toBe('TERMINATED');
    expect(workJobs(engine, 'cancel-wait')).toHaveLength(0);
    expect(() => engine.cancelProcessInstance(processInstanceKey)).toThrow(/no such process/);
  });
});
