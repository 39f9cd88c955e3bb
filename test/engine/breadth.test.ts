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

const multi = (attrs: string, extra = '') =>
  `<bpmn:multiInstanceLoopCharacteristics ${attrs}><bpmn:extensionElements><zeebe:loopCharacteristics ${extra}/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`;
const miTask = (id: string, loop: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${id}"/></bpmn:extensionElements>${loop}</bpmn:serviceTask>`;
const message = (name: string) =>
  `<bpmn:message id="msg-${name}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="= id"/></bpmn:extensionElements></bpmn:message>`;

describe('engine breadth: call activities, multi-instance, event-based gateways, signals, scripts', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  beforeAll(async () => {
    engine.clock.pin(Date.parse('2026-06-01T00:00:00Z'));
    await deployProcesses(
      engine,
      {
        id: 'child',
        elements: `<bpmn:startEvent id="s"/>${serviceTask('child-work')}<bpmn:endEvent id="e"/>`,
        flows: ['s -> child-work -> e'],
      },
      {
        id: 'failing-child',
        elements: `<bpmn:startEvent id="s"/><bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="err"/></bpmn:endEvent>`,
        flows: ['s -> fail'],
        definitions: '<bpmn:error id="err" errorCode="CHILD_FAILED"/>',
      },
      {
        id: 'parent',
        elements: `<bpmn:startEvent id="s"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="= childId"/></bpmn:extensionElements></bpmn:callActivity>
          <bpmn:boundaryEvent id="child-failed" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err"/></bpmn:boundaryEvent>
          <bpmn:endEvent id="e"/><bpmn:endEvent id="handled"/>`,
        flows: ['s -> call -> e', 'child-failed -> handled'],
        definitions: '<bpmn:error id="err" errorCode="CHILD_FAILED"/>',
      },
      {
        id: 'mi-parallel',
        elements: `<bpmn:startEvent id="s"/>${miTask('per-item', multi('', 'inputCollection="= items" inputElement="item" outputCollection="results" outputElement="= result"'))}<bpmn:endEvent id="e"/>`,
        flows: ['s -> per-item -> e'],
      },
      {
        id: 'mi-sequential',
        elements: `<bpmn:startEvent id="s"/>${miTask('one-by-one', multi('isSequential="true"', 'inputCollection="= items" inputElement="item"').replace('</bpmn:multiInstanceLoopCharacteristics>', '<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">= found = true</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>'))}<bpmn:endEvent id="e"/>`,
        flows: ['s -> one-by-one -> e'],
      },
      {
        id: 'race',
        elements: `<bpmn:startEvent id="s"/><bpmn:eventBasedGateway id="gw"/>
          <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="msg-paid"/></bpmn:intermediateCatchEvent>
          <bpmn:intermediateCatchEvent id="timeout"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
          <bpmn:endEvent id="ok"/><bpmn:endEvent id="late"/>`,
        flows: ['s -> gw -> paid -> ok', 'gw -> timeout -> late'],
        definitions: message('paid'),
      },
      {
        id: 'signals',
        elements: `<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wait-go"><bpmn:signalEventDefinition signalRef="sig"/></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>`,
        flows: ['s -> wait-go -> e'],
        definitions: '<bpmn:signal id="sig" name="go"/>',
      },
      {
        id: 'signal-started',
        elements: `<bpmn:startEvent id="s"><bpmn:signalEventDefinition signalRef="sig2"/></bpmn:startEvent><bpmn:endEvent id="e"/>`,
        flows: ['s -> e'],
        definitions: '<bpmn:signal id="sig2" name="go"/>',
      },
      {
        id: 'script',
        elements: `<bpmn:startEvent id="s"/><bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="= a * 2" resultVariable="b"/></bpmn:extensionElements></bpmn:scriptTask>
          <bpmn:inclusiveGateway id="fork"/><bpmn:manualTask id="big"/><bpmn:task id="even"/><bpmn:task id="never"/>
          <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/><bpmn:endEvent id="e3"/>`,
        flows: [
          's -> calc -> fork',
          'fork -> big [= b > 10]',
          'fork -> even [= modulo(b, 2) = 0]',
          'fork -> never [= b < 0]',
          'big -> e1',
          'even -> e2',
          'never -> e3',
        ],
      },
    );
  });

  test('a call activity runs the child with the parent variables and takes the child variables back', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'parent',
      variables: { childId: 'child', x: 1 },
    }).processInstanceKey;
    const child = [...engine.listProcessInstances()].find((p) => p.parentProcessInstanceKey === key)!;
    expect(child).toMatchObject({ bpmnProcessId: 'child', state: 'ACTIVE' });
    const [job] = workJobs(engine, 'child-work', () => ({ fromChild: 'yes' }));
    expect(job.variables).toMatchObject({ childId: 'child', x: 1 });
    expect(stateOf(engine, key)).toBe('COMPLETED');
    expect(variablesOf(engine, key)).toMatchObject({ x: 1, fromChild: 'yes' });
  });

  test('cancelling the parent cancels the child; the child alone cannot be cancelled', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'parent',
      variables: { childId: 'child' },
    }).processInstanceKey;
    const child = [...engine.listProcessInstances()].find((p) => p.parentProcessInstanceKey === key)!;
    expect(() => engine.cancelProcessInstance(child.processInstanceKey)).toThrow(/Cancel the root process instance/);
    engine.cancelProcessInstance(key);
    expect(stateOf(engine, child.processInstanceKey)).toBe('TERMINATED');
  });

  test('an uncaught error in the child is caught by the boundary event of the call activity', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'parent',
      variables: { childId: 'failing-child' },
    }).processInstanceKey;
    expect(completedElements(engine, key)).toEqual(['s', 'child-failed', 'handled']);
  });

  test('a call activity to an undeployed process raises CALLED_ELEMENT_ERROR', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'parent',
      variables: { childId: 'nope' },
    }).processInstanceKey;
    expect([...engine.listIncidents()].find((i) => i.processInstanceKey === key)?.errorType).toBe(
      'CALLED_ELEMENT_ERROR',
    );
  });

  test('parallel multi-instance runs one job per item and collects outputs in item order', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'mi-parallel',
      variables: { items: ['a', 'b', 'c'] },
    }).processInstanceKey;
    const jobs = engine.activateJobs({ type: 'per-item', worker: 't', timeout: 1000, maxJobsToActivate: 10 });
    expect(jobs.map((j) => [j.variables.item, j.variables.loopCounter])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    for (const job of [...jobs].reverse()) engine.completeJob(job.key, { result: `${job.variables.item}!` });
    expect(stateOf(engine, key)).toBe('COMPLETED');
    expect(variablesOf(engine, key).results).toEqual(['a!', 'b!', 'c!']);
  });

  test('an empty input collection completes the multi-instance activity at once', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'mi-parallel',
      variables: { items: [] },
    }).processInstanceKey;
    expect(stateOf(engine, key)).toBe('COMPLETED');
    expect(variablesOf(engine, key).results).toEqual([]);
  });

  test('sequential multi-instance runs items one by one and stops at the completion condition', () => {
    const key = engine.createProcessInstance({
      bpmnProcessId: 'mi-sequential',
      variables: { items: [1, 2, 3, 4] },
    }).processInstanceKey;
    const seen: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const jobs = workJobs(engine, 'one-by-one', (job) => {
        seen.push(job.variables.item);
        return { found: job.variables.item === 2 };
      });
      if (jobs.length === 0) break;
      expect(jobs).toHaveLength(1);
    }
    expect(seen).toEqual([1, 2]);
    expect(stateOf(engine, key)).toBe('COMPLETED');
  });

  test('an event-based gateway takes the first event; the other is cancelled', () => {
    const paid = engine.createProcessInstance({ bpmnProcessId: 'race', variables: { id: 'r1' } }).processInstanceKey;
    engine.publishMessage({ name: 'paid', correlationKey: 'r1', timeToLive: 0, variables: { amount: 5 } });
    expect(completedElements(engine, paid)).toEqual(['s', 'gw', 'paid', 'ok']);
    expect(variablesOf(engine, paid).amount).toBe(5);
    const late = engine.createProcessInstance({ bpmnProcessId: 'race', variables: { id: 'r2' } }).processInstanceKey;
    engine.clock.advance(3_600_000);
    engine.publishMessage({ name: 'paid', correlationKey: 'r2', timeToLive: 0 });
    expect(completedElements(engine, late)).toEqual(['s', 'gw', 'timeout', 'late']);
    engine.clock.advance(3_600_000);
    expect(completedElements(engine, paid)).toEqual(['s', 'gw', 'paid', 'ok']);
  });

  test('a broadcast signal completes waiting catch events and starts signal start events', () => {
    const waiting = engine.createProcessInstance({ bpmnProcessId: 'signals' }).processInstanceKey;
    const before = [...engine.listProcessInstances()].filter((p) => p.bpmnProcessId === 'signal-started').length;
    engine.broadcastSignal('go', { why: 'test' });
    expect(stateOf(engine, waiting)).toBe('COMPLETED');
    expect(variablesOf(engine, waiting).why).toBe('test');
    expect([...engine.listProcessInstances()].filter((p) => p.bpmnProcessId === 'signal-started')).toHaveLength(
      before + 1,
    );
  });

  test('a script task evaluates FEEL into its result variable; an inclusive gateway takes every true branch', () => {
    const key = engine.createProcessInstance({ bpmnProcessId: 'script', variables: { a: 6 } }).processInstanceKey;
    expect(variablesOf(engine, key).b).toBe(12);
    const done = completedElements(engine, key);
    expect(done).toEqual(expect.arrayContaining(['big', 'even', 'e1', 'e2']));
    expect(done).not.toContain('never');
    expect(stateOf(engine, key)).toBe('COMPLETED');
  });

  test('deleting a definition: refused while instances run (Zeebe 8.8); then no new instances, the previous version becomes latest', async () => {
    const v1 = await deployProcesses(engine, {
      id: 'deletable',
      elements: `<bpmn:startEvent id="s"/>${serviceTask('del-work')}<bpmn:endEvent id="e"/>`,
      flows: ['s -> del-work -> e'],
    });
    const v2 = await deployProcesses(engine, {
      id: 'deletable',
      elements: `<bpmn:startEvent id="s"/>${serviceTask('del-work')}<bpmn:endEvent id="e2"/>`,
      flows: ['s -> del-work -> e2'],
    });
    const running = engine.createProcessInstance({ bpmnProcessId: 'deletable' }).processInstanceKey;
    expect(() => engine.deleteResource(v2.processes[0].processDefinitionKey)).toThrow(
      expect.objectContaining({ code: 'FAILED_PRECONDITION' }),
    );
    workJobs(engine, 'del-work');
    expect(stateOf(engine, running)).toBe('COMPLETED');
    engine.deleteResource(v2.processes[0].processDefinitionKey);
    expect(() => engine.createProcessInstance({ processDefinitionKey: v2.processes[0].processDefinitionKey })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(engine.createProcessInstance({ bpmnProcessId: 'deletable' }).version).toBe(1);
    workJobs(engine, 'del-work');
    const v3 = await deployProcesses(engine, {
      id: 'deletable',
      elements: `<bpmn:startEvent id="s"/><bpmn:endEvent id="e3"/>`,
      flows: ['s -> e3'],
    });
    expect(v3.processes[0].version).toBe(3);
    expect(v1.processes[0].version).toBe(1);
    expect(() => engine.deleteResource('1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  test('a timer start event creates instances on its cycle', async () => {
    await deployProcesses(engine, {
      id: 'hourly',
      elements: `<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent><bpmn:endEvent id="e"/>`,
      flows: ['tick -> e'],
    });
    engine.clock.advance(5 * 3_600_000);
    expect([...engine.listProcessInstances()].filter((p) => p.bpmnProcessId === 'hourly')).toHaveLength(3);
  });

  test('compensating a multi-instance activity runs its handler once, after all instances completed', async () => {
    await deployProcesses(engine, {
      id: 'mi-comp',
      elements: `<bpmn:startEvent id="s"/>${miTask('charge-each', multi('', 'inputCollection="= items"'))}
        <bpmn:boundaryEvent id="charge-comp" attachedToRef="charge-each"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
        ${serviceTask('refund-all', 'refund-all', '', 'isForCompensation="true"')}
        <bpmn:association id="a1" sourceRef="charge-comp" targetRef="refund-all"/>
        <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent><bpmn:endEvent id="e"/>`,
      flows: ['s -> charge-each -> undo -> e'],
    });
    const key = engine.createProcessInstance({
      bpmnProcessId: 'mi-comp',
      variables: { items: [1, 2, 3] },
    }).processInstanceKey;
    expect(workJobs(engine, 'charge-each')).toHaveLength(3);
    expect(workJobs(engine, 'refund-all')).toHaveLength(1);
    expect(stateOf(engine, key)).toBe('COMPLETED');
    expect(activeElements(engine, key)).toEqual([]);
  });
});
