/**
 * Task listeners on Camunda user tasks (issue 21, point 3) through the unmodified clients: the SDK's gRPC client
 * deploys and starts instances, `@camunda8/orchestration-cluster-api` drives the user task and the listener jobs
 * over REST v2. A transition waits in its state (CREATING, ASSIGNING, UPDATING, COMPLETING) for its listeners,
 * each a job of kind TASK_LISTENER that sees the task (`userTask`); the REST call answers once they are done, a
 * denial is Zeebe's INVALID_STATE rejection (409) and leaves the task as it was; corrections apply; a listener job
 * out of retries is a TASK_LISTENER_NO_RETRIES incident; completing a listener job with variables is rejected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openEngine } from '../../../src/engine/engine';
import { bpmnXml, type TestProcess } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { pollFor } from '../../support/eventually';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';
import { completeWithResult, takeJob } from '../../support/rest-jobs';

const run = Date.now().toString(36);
const id = (name: string) => `${name}-${run}`;

const taskListeners = (...entries: [string, string, string?][]) =>
  `<zeebe:taskListeners>${entries
    .map(
      ([eventType, type, retries]) =>
        `<zeebe:taskListener eventType="${eventType}" type="${type}"${retries ? ` retries="${retries}"` : ''}/>`,
    )
    .join('')}</zeebe:taskListeners>`;

const approval: TestProcess = {
  id: id('tl-approval'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:userTask id="approve"><bpmn:extensionElements><zeebe:userTask/>
      <zeebe:assignmentDefinition candidateGroups="finance"/>
      ${taskListeners(
        ['creating', id('tl-create')],
        ['assigning', id('tl-assign')],
        ['updating', id('tl-update')],
        ['completing', id('tl-complete'), '1'],
        ['canceling', id('tl-cancel')],
      )}
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> approve -> end'],
};

const legacyNames: TestProcess = {
  id: id('tl-legacy'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:userTask id="check"><bpmn:extensionElements><zeebe:userTask/>
      <zeebe:assignmentDefinition assignee="= owner"/>
      ${taskListeners(['create', id('tl-legacy-create')], ['assignment', id('tl-legacy-assign')])}
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> check -> end'],
};

const dynamic: TestProcess = {
  id: id('tl-dynamic'),
  elements: `<bpmn:startEvent id="start"/>
    <bpmn:userTask id="review"><bpmn:extensionElements><zeebe:userTask/>
      ${taskListeners(['creating', '= listenerType'])}
    </bpmn:extensionElements></bpmn:userTask>
    <bpmn:endEvent id="end"/>`,
  flows: ['start -> review -> end'],
};

describe('task listeners over REST v2', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
    await cluster.zeebe.deployResources([
      { name: 'approval.bpmn', process: Buffer.from(bpmnXml(approval)) },
      { name: 'legacy.bpmn', process: Buffer.from(bpmnXml(legacyNames)) },
      { name: 'dynamic.bpmn', process: Buffer.from(bpmnXml(dynamic)) },
    ]);
  });
  afterAll(() => cluster?.close());

  const take = (type: string) => takeJob(client, type, 'tl-test');
  const taskOf = (processInstanceKey: string) =>
    pollFor('the user task', async () => {
      const { items } = await client.searchUserTasks({ filter: { processInstanceKey } } as never, NOW);
      return items[0];
    });
  const task = (userTaskKey: string) => client.getUserTask({ userTaskKey } as never, NOW);
  const complete = (jobKey: string, result?: object, variables?: object) =>
    completeWithResult(client, 'userTask', jobKey, result, variables);

  test('creating, assigning, updating and completing listeners hold the transition; corrections apply; a denial is 409', async () => {
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: approval.id,
      variables: {},
    });
    const creating = await take(id('tl-create'));
    expect(creating).toMatchObject({ kind: 'TASK_LISTENER', listenerEventType: 'CREATING', elementId: 'approve' });
    const created = await taskOf(processInstanceKey);
    expect(created.state).toBe('CREATING');
    expect(creating.userTask).toMatchObject({
      userTaskKey: created.userTaskKey,
      candidateGroups: ['finance'],
      priority: 50,
    });
    await complete(creating.jobKey, { corrections: { priority: 80 } });
    expect(await task(created.userTaskKey)).toMatchObject({ state: 'CREATED', priority: 80 });

    // the assignment answers only once its listener is done; a denial rejects it and keeps the task as it was
    const denied = client.assignUserTask({ userTaskKey: created.userTaskKey, assignee: 'mallory' } as never);
    const assigning = await take(id('tl-assign'));
    expect(assigning).toMatchObject({ kind: 'TASK_LISTENER', listenerEventType: 'ASSIGNING' });
    expect(assigning.userTask).toMatchObject({
      assignee: 'mallory',
      action: 'assign',
      changedAttributes: ['assignee'],
    });
    expect((await task(created.userTaskKey)).state).toBe('ASSIGNING');
    await complete(assigning.jobKey, { denied: true, deniedReason: 'not in finance' });
    await expect(denied).rejects.toMatchObject({ status: 409 });
    await denied.catch((err: { body?: { detail?: string } }) =>
      expect(JSON.stringify(err)).toContain(
        `Assignment of the User Task with key '${created.userTaskKey}' was denied by Task Listener. Reason to deny: 'not in finance'`,
      ),
    );
    const afterDenial = await task(created.userTaskKey);
    expect(afterDenial).toMatchObject({ state: 'CREATED', priority: 80 });
    expect(afterDenial.assignee).toBeUndefined();

    // an accepted assignment with corrections
    const assigned = client.assignUserTask({
      userTaskKey: created.userTaskKey,
      assignee: 'anna',
      allowOverride: false,
    } as never);
    const second = await take(id('tl-assign'));
    expect(second.userTask).toMatchObject({ assignee: 'anna', action: 'claim' });
    await complete(second.jobKey, {
      corrections: { assignee: 'ben', candidateUsers: ['ben'], dueDate: '2031-01-01T10:00:00.000Z' },
    });
    await assigned;
    expect(await task(created.userTaskKey)).toMatchObject({
      state: 'CREATED',
      assignee: 'ben',
      candidateUsers: ['ben'],
      dueDate: '2031-01-01T10:00:00.000Z',
    });

    const updated = client.updateUserTask({ userTaskKey: created.userTaskKey, changeset: { priority: 10 } } as never);
    const updating = await take(id('tl-update'));
    expect(updating.userTask).toMatchObject({ priority: 10, action: 'update', changedAttributes: ['priority'] });
    await complete(updating.jobKey);
    await updated;
    expect((await task(created.userTaskKey)).priority).toBe(10);

    // completing: a listener job cannot carry variables; a denial keeps the task open; then it goes through
    const completion = client.completeUserTask({ userTaskKey: created.userTaskKey, variables: { ok: true } } as never);
    const completing = await take(id('tl-complete'));
    expect(completing.listenerEventType).toBe('COMPLETING');
    await expect(complete(completing.jobKey, undefined, { sneaky: 1 })).rejects.toMatchObject({ status: 400 });
    await complete(completing.jobKey, { denied: true, deniedReason: 'missing receipt' });
    await expect(completion).rejects.toMatchObject({ status: 409 });
    expect((await task(created.userTaskKey)).state).toBe('CREATED');

    const again = client.completeUserTask({ userTaskKey: created.userTaskKey, variables: { ok: true } } as never);
    const completing2 = await take(id('tl-complete'));
    await complete(completing2.jobKey);
    await again;
    expect((await task(created.userTaskKey)).state).toBe('COMPLETED');
    const instance = await client.getProcessInstance({ processInstanceKey } as never, NOW);
    expect(instance.state).toBe('COMPLETED');
    const jobs = await client.searchJobs({ filter: { processInstanceKey } } as never, NOW);
    expect(new Set(jobs.items.map((j: { kind: string }) => j.kind))).toEqual(new Set(['TASK_LISTENER']));
    expect(jobs.items.filter((j) => j.isDenied === true)).toEqual([
      expect.objectContaining({ listenerEventType: 'ASSIGNING', deniedReason: 'not in finance' }),
      expect.objectContaining({ listenerEventType: 'COMPLETING', deniedReason: 'missing receipt' }),
    ]);
    expect(jobs.items.map((j: { listenerEventType: string }) => j.listenerEventType)).toEqual([
      'CREATING',
      'ASSIGNING',
      'ASSIGNING',
      'UPDATING',
      'COMPLETING',
      'COMPLETING',
    ]);
  });

  test('a listener job out of retries is a TASK_LISTENER_NO_RETRIES incident; resolving it retries that listener', async () => {
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: approval.id,
      variables: {},
    });
    await complete((await take(id('tl-create'))).jobKey);
    const { userTaskKey } = await taskOf(processInstanceKey);
    const completion = client.completeUserTask({ userTaskKey } as never);
    const completing = await take(id('tl-complete'));
    await client.failJob({ jobKey: completing.jobKey, retries: 0, errorMessage: 'checker down' } as never);
    const incident = await pollFor('the incident', async () => {
      const { items } = await client.searchIncidents({ filter: { processInstanceKey } } as never, NOW);
      return items?.[0];
    });
    expect(incident).toMatchObject({
      errorType: 'TASK_LISTENER_NO_RETRIES',
      errorMessage: 'checker down',
      elementId: 'approve',
    });
    await client.updateJob({ jobKey: completing.jobKey, changeset: { retries: 1 } } as never);
    await client.resolveIncident({ incidentKey: incident.incidentKey } as never);
    const retried = await take(id('tl-complete'));
    expect(retried.jobKey).toBe(completing.jobKey);
    await complete(retried.jobKey);
    await completion;
    expect((await task(userTaskKey)).state).toBe('COMPLETED');
  });

  test('a listener type that fails to evaluate is an incident; resolving it runs the listeners again', async () => {
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: dynamic.id,
      variables: {},
    });
    const incident = await pollFor('the incident', async () => {
      const { items } = await client.searchIncidents({ filter: { processInstanceKey } } as never, NOW);
      return items?.[0];
    });
    expect(incident).toMatchObject({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'review' });
    expect((await taskOf(processInstanceKey)).state).toBe('CREATING');
    await cluster.zeebe.setVariables({
      elementInstanceKey: processInstanceKey,
      variables: { listenerType: id('tl-dynamic-type') },
      local: false,
    });
    await client.resolveIncident({ incidentKey: incident.incidentKey } as never);
    const creating = await take(id('tl-dynamic-type'));
    await complete(creating.jobKey);
    expect((await taskOf(processInstanceKey)).state).toBe('CREATED');
  });

  test('cancelling the instance runs the canceling listeners before the task is CANCELED and the instance TERMINATED', async () => {
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: approval.id,
      variables: {},
    });
    await complete((await take(id('tl-create'))).jobKey);
    const { userTaskKey } = await taskOf(processInstanceKey);
    await cluster.zeebe.cancelProcessInstance(processInstanceKey);
    const canceling = await take(id('tl-cancel'));
    expect(canceling).toMatchObject({ kind: 'TASK_LISTENER', listenerEventType: 'CANCELING' });
    expect((await task(userTaskKey)).state).toBe('CANCELING');
    expect((await client.getProcessInstance({ processInstanceKey } as never, NOW)).state).toBe('ACTIVE');
    await complete(canceling.jobKey);
    expect((await task(userTaskKey)).state).toBe('CANCELED');
    expect((await client.getProcessInstance({ processInstanceKey } as never, NOW)).state).toBe('TERMINATED');
  });

  test('a transition waiting for its listener survives a restart from the journal and from a snapshot', async () => {
    const logger = pino({ level: 'silent' });
    for (const snapshot of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), 'baton-task-listeners-'));
      let engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
      try {
        await engine.deploy([{ name: 'approval.bpmn', content: bpmnXml(approval) }]);
        const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: approval.id, variables: {} });
        const takeOne = (type: string) =>
          engine.activateJobs({ type, worker: 'w', timeout: 60_000, maxJobsToActivate: 1 })[0];
        engine.completeJobWithResult(takeOne(id('tl-create')).key, {}, { corrections: { priority: 70 } });
        const [created] = [...engine.listUserTasks()].filter((t) => t.processInstanceKey === processInstanceKey);
        engine.assignUserTask(created.userTaskKey, 'anna', true);
        const assigning = takeOne(id('tl-assign'));
        await engine.durable();
        if (snapshot) expect(engine.snapshot()).toBe(true);
        engine.close();

        engine = await openEngine({ dataDir: dir, logger, snapshotEvery: 0 });
        const restored = [...engine.listUserTasks()].find((t) => t.userTaskKey === created.userTaskKey);
        expect(restored).toMatchObject({ state: 'ASSIGNING', priority: 70 });
        engine.completeJobWithResult(assigning.key, {}, { corrections: { candidateGroups: ['audit'] } });
        expect([...engine.listUserTasks()].find((t) => t.userTaskKey === created.userTaskKey)).toMatchObject({
          state: 'CREATED',
          assignee: 'anna',
          candidateGroups: ['audit'],
        });
      } finally {
        engine.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  test('the names before 8.8 (create, assignment) run; an assignee from the process goes through assigning', async () => {
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({
      bpmnProcessId: legacyNames.id,
      variables: { owner: 'carla' },
    });
    const creating = await take(id('tl-legacy-create'));
    expect(creating.userTask).toMatchObject({ assignee: 'carla' });
    // the process gave an assignee: a creating listener cannot change it
    await complete(creating.jobKey, { corrections: { assignee: 'eve' } });
    const assigning = await take(id('tl-legacy-assign'));
    expect(assigning.userTask).toMatchObject({ assignee: 'carla', action: 'assign' });
    await complete(assigning.jobKey);
    const { userTaskKey } = await taskOf(processInstanceKey);
    expect(await task(userTaskKey)).toMatchObject({ state: 'CREATED', assignee: 'carla' });
  });
});
