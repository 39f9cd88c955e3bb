import { serviceTask } from '../support/bpmn';
import {
  activateOne,
  activeElements,
  completedElements,
  deployProcesses,
  newEngine,
  stateOf,
  workJobs,
} from '../support/in-process';

describe('jobs', () => {
  const engine = newEngine();
  afterAll(() => engine.close());

  beforeAll(async () => {
    engine.clock.pin(Date.parse('2026-03-01T12:00:00Z'));
    await deployProcesses(
      engine,
      {
        id: 'one-job',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('task', 'job-type', '<zeebe:taskHeaders><zeebe:header key="sla" value="PT1H"/></zeebe:taskHeaders>')}<bpmn:endEvent id="end"/>`,
        flows: ['start -> task -> end'],
      },
      {
        id: 'error-catch',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('task', 'error-type')}<bpmn:endEvent id="end"/>
          <bpmn:boundaryEvent id="declined" attachedToRef="task"><bpmn:errorEventDefinition errorRef="e1"/></bpmn:boundaryEvent>
          <bpmn:boundaryEvent id="any-error" attachedToRef="task"><bpmn:errorEventDefinition/></bpmn:boundaryEvent>
          <bpmn:endEvent id="rejected"/><bpmn:endEvent id="failed"/>`,
        flows: ['start -> task -> end', 'declined -> rejected', 'any-error -> failed'],
        definitions: '<bpmn:error id="e1" errorCode="DECLINED"/>',
      },
      {
        id: 'dynamic-type',
        elements: `<bpmn:startEvent id="start"/>${serviceTask('task', '= &quot;type-&quot; + kind').replace('<zeebe:taskDefinition', '<zeebe:taskDefinition retries="=tries"')}<bpmn:endEvent id="end"/>`,
        flows: ['start -> task -> end'],
      },
    );
  });

  test('a job carries its element, headers, retries and the visible variables; fetchVariable limits them', () => {
    const { processInstanceKey } = engine.createProcessInstance({
      bpmnProcessId: 'one-job',
      variables: { a: 1, b: 2 },
    });
    const [job] = engine.activateJobs({
      type: 'job-type',
      worker: 'w1',
      timeout: 1000,
      maxJobsToActivate: 5,
      fetchVariable: ['b'],
    });
    expect(job).toMatchObject({
      elementId: 'task',
      bpmnProcessId: 'one-job',
      processInstanceKey,
      retries: 3,
      worker: 'w1',
      customHeaders: { sla: 'PT1H' },
      variables: { b: 2 },
    });
    expect(job.deadline).toBe(engine.clock.now() + 1000);
    engine.completeJob(job.key, {});
  });

  test('an activated job is not handed out twice until its timeout passes', () => {
    engine.createProcessInstance({ bpmnProcessId: 'one-job' });
    const first = activateOne(engine, 'job-type', 5000);
    expect(engine.activateJobs({ type: 'job-type', worker: 'w2', timeout: 1000, maxJobsToActivate: 5 })).toHaveLength(
      0,
    );
    engine.clock.advance(5001);
    const again = activateOne(engine, 'job-type');
    expect(again.key).toBe(first.key);
    expect(again.worker).toBe('test');
    engine.completeJob(again.key);
  });

  test('jobs that time out together come back in key order, before younger jobs, and also in a snapshot', () => {
    const keys = Array.from({ length: 6 }, () => engine.createProcessInstance({ bpmnProcessId: 'one-job' }));
    expect(keys).toHaveLength(6);
    // activate the four oldest, leave the two youngest waiting: the four come back older than the newest
    const held = engine.activateJobs({ type: 'job-type', worker: 'w', timeout: 1000, maxJobsToActivate: 4 });
    expect(held).toHaveLength(4);
    const timedOut = new Set(held.map((j) => j.key));
    engine.clock.advance(1001);
    const { activatable } = engine.runtime.jobs.snapshot(() => true);
    const inSnapshotOrder = activatable.find(([type]) => type === 'job-type')?.[1] ?? [];
    const all = engine.activateJobs({ type: 'job-type', worker: 'w', timeout: 1000, maxJobsToActivate: 10 });
    const order = all.map((j) => j.key);
    expect(order).toEqual([...order].sort((a, b) => Number(a) - Number(b)));
    expect(order).toEqual(inSnapshotOrder);
    expect(order.slice(0, 4).every((k) => timedOut.has(k))).toBe(true);
    expect(order).toHaveLength(6);
    for (const job of all) engine.completeJob(job.key);
  });

  test('UpdateJobTimeout moves the deadline of an activated job', () => {
    engine.createProcessInstance({ bpmnProcessId: 'one-job' });
    const job = activateOne(engine, 'job-type', 1000);
    engine.updateJobTimeout(job.key, 60_000);
    engine.clock.advance(2000);
    expect(engine.activateJobs({ type: 'job-type', worker: 'w', timeout: 1000, maxJobsToActivate: 1 })).toHaveLength(0);
    engine.completeJob(job.key);
  });

  test('fail with retries and back-off makes the job activatable after the back-off; retries 0 raises an incident; resolving it retries', () => {
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'one-job' });
    let job = activateOne(engine, 'job-type');
    engine.failJob(job.key, 2, 'db down', 10_000);
    expect(engine.activateJobs({ type: 'job-type', worker: 'w', timeout: 1000, maxJobsToActivate: 1 })).toHaveLength(0);
    engine.clock.advance(10_000);
    job = activateOne(engine, 'job-type');
    expect(job.retries).toBe(2);
    engine.failJob(job.key, 0, 'still down', 0);
    const incident = [...engine.listIncidents()].find(
      (i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE',
    );
    expect(incident).toMatchObject({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'still down',
      elementId: 'task',
      jobKey: job.key,
    });
    expect(engine.getProcessInstance(processInstanceKey)?.hasIncident).toBe(true);
    engine.updateJobRetries(job.key, 1);
    engine.resolveIncident(incident!.key);
    expect(engine.getProcessInstance(processInstanceKey)?.hasIncident).toBe(false);
    workJobs(engine, 'job-type');
    expect(stateOf(engine, processInstanceKey)).toBe('COMPLETED');
  });

  test('ThrowError is caught by the boundary event with its code, else by the catch-all one', () => {
    const declined = engine.createProcessInstance({ bpmnProcessId: 'error-catch' }).processInstanceKey;
    engine.throwError(activateOne(engine, 'error-type').key, 'DECLINED', 'card declined', { reason: 'limit' });
    expect(completedElements(engine, declined)).toEqual(['start', 'declined', 'rejected']);
    const other = engine.createProcessInstance({ bpmnProcessId: 'error-catch' }).processInstanceKey;
    engine.throwError(activateOne(engine, 'error-type').key, 'SOMETHING_ELSE', '');
    expect(completedElements(engine, other)).toEqual(['start', 'any-error', 'failed']);
  });

  test('an uncaught error raises an incident; resolving it makes the job activatable again', () => {
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'one-job' });
    const job = activateOne(engine, 'job-type');
    engine.throwError(job.key, 'NOPE', 'nobody catches this');
    const incident = [...engine.listIncidents()].find(
      (i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE',
    );
    expect(incident?.errorType).toBe('UNHANDLED_ERROR_EVENT');
    expect(incident?.errorMessage).toContain("'NOPE'");
    engine.resolveIncident(incident!.key);
    expect(activateOne(engine, 'job-type').key).toBe(job.key);
  });

  test('job type and retries may be FEEL expressions', () => {
    engine.createProcessInstance({ bpmnProcessId: 'dynamic-type', variables: { kind: 'gold', tries: 7 } });
    expect(activateOne(engine, 'type-gold').retries).toBe(7);
  });

  test('unknown job keys are NOT_FOUND; completing twice is rejected', () => {
    expect(() => engine.completeJob('123')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    engine.createProcessInstance({ bpmnProcessId: 'one-job' });
    const job = activateOne(engine, 'job-type');
    engine.completeJob(job.key);
    expect(() => engine.completeJob(job.key)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  test('a job stream receives jobs as they are created', () => {
    const pushed: string[] = [];
    const close = engine.openJobStream({
      type: 'job-type',
      worker: 'streamer',
      timeout: 1000,
      push: (job) => pushed.push(job.elementId),
    });
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'one-job' });
    close();
    expect(pushed).toEqual(['task']);
    expect(activeElements(engine, processInstanceKey)).toEqual(['task']);
  });
});
