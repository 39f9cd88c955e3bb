/**
 * Issue 22 point 3, through the unmodified `@camunda8/orchestration-cluster-api` client: batch cancellation and
 * incident resolution over a process instance filter, processed in the background; the batch and its items
 * searched and read with their 8.8 states and counts; a cancellation takes root instances only; an item the
 * engine rejects is FAILED with Zeebe's text;
 * suspend, resume and cancel with Zeebe's rejections; migration and modification batches migrate and move tokens;
 * bad input is a 400 naming the field.
 */
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { eventually } from '../../support/eventually';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';

const work = bpmnXml({
  id: 'batch-work',
  elements: `<bpmn:startEvent id="s"/>${serviceTask('work', 'batch-work')}<bpmn:endEvent id="e"/>`,
  flows: ['s -> work -> e'],
});
const other = bpmnXml({
  id: 'batch-other',
  elements: `<bpmn:startEvent id="s"/>${serviceTask('work', 'batch-other')}<bpmn:endEvent id="e"/>`,
  flows: ['s -> work -> e'],
});
const parent = bpmnXml({
  id: 'batch-parent',
  elements:
    '<bpmn:startEvent id="s"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="batch-other"/></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e"/>',
  flows: ['s -> call -> e'],
});

type Batch = Awaited<ReturnType<RestClient['getBatchOperation']>>;

describe('batch operations over REST v2', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;
  let rest: string;

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${rest}/v2${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> };
  };
  const batch = (key: string) => client.getBatchOperation({ batchOperationKey: key } as never, NOW) as Promise<Batch>;
  const ended = (key: string) =>
    eventually(
      () => batch(key),
      (b) => b.state === 'COMPLETED' || b.state === 'CANCELED',
      `batch ${key} to end`,
    );
  const items = async (batchOperationKey: string, filter: Record<string, unknown> = {}) =>
    (
      await client.searchBatchOperationItems(
        { filter: { batchOperationKey, ...filter }, page: { limit: 10_000 } } as never,
        NOW,
      )
    ).items ?? [];
  const start = (bpmnProcessId: string, n: number) =>
    Array.from({ length: n }, () => cluster.engine.createProcessInstance({ bpmnProcessId }).processInstanceKey);

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    rest = cluster.restAddress as string;
    client = restClientFor(rest);
    await cluster.engine.deploy([
      { name: 'work.bpmn', content: work },
      { name: 'other.bpmn', content: other },
      { name: 'parent.bpmn', content: parent },
    ]);
  });
  afterAll(() => cluster?.close());

  test('a cancellation batch cancels the instances its filter matches, and only those', async () => {
    const targets = start('batch-work', 40);
    const bystander = start('batch-other', 1)[0];
    const created = await client.cancelProcessInstancesBatchOperation(
      { filter: { processDefinitionId: 'batch-work', state: 'ACTIVE' } } as never,
      NOW,
    );
    expect(created.batchOperationType).toBe('CANCEL_PROCESS_INSTANCE');
    const done = await ended(String(created.batchOperationKey));
    expect(done).toMatchObject({
      batchOperationKey: created.batchOperationKey,
      batchOperationType: 'CANCEL_PROCESS_INSTANCE',
      state: 'COMPLETED',
      operationsTotalCount: 40,
      operationsCompletedCount: 40,
      operationsFailedCount: 0,
    });
    expect(Date.parse(String(done.endDate))).toBeGreaterThanOrEqual(Date.parse(String(done.startDate)));
    for (const key of targets) expect(cluster.engine.getProcessInstance(key)?.state).toBe('TERMINATED');
    expect(cluster.engine.getProcessInstance(bystander)?.state).toBe('ACTIVE');

    const all = await items(String(created.batchOperationKey));
    expect(all).toHaveLength(40);
    expect(new Set(all.map((i) => i.itemKey))).toEqual(new Set(targets));
    expect(all[0]).toMatchObject({
      operationType: 'CANCEL_PROCESS_INSTANCE',
      batchOperationKey: created.batchOperationKey,
      state: 'COMPLETED',
    });
    expect(all[0].itemKey).toBe(all[0].processInstanceKey);
    expect(typeof all[0].processedDate).toBe('string');

    const found = await client.searchBatchOperations(
      { filter: { operationType: 'CANCEL_PROCESS_INSTANCE', state: 'COMPLETED' } } as never,
      NOW,
    );
    expect(found.items?.map((b) => b.batchOperationKey)).toContain(created.batchOperationKey);
    const none = await client.searchBatchOperations({ filter: { state: 'SUSPENDED' } } as never, NOW);
    expect(none.items?.map((b) => b.batchOperationKey)).not.toContain(created.batchOperationKey);
  });

  test('a filter over more instances than the route resolves in one turn finds every one of them', async () => {
    // (the route resolves a filter a chunk of instances per event loop turn: none is lost between chunks)
    const targets = start('batch-work', 1_234);
    const bystanders = start('batch-other', 3);
    const created = await client.cancelProcessInstancesBatchOperation(
      { filter: { processDefinitionId: 'batch-work' } } as never,
      NOW,
    );
    const done = await ended(String(created.batchOperationKey));
    expect(done).toMatchObject({ state: 'COMPLETED', operationsTotalCount: 1_234, operationsCompletedCount: 1_234 });
    expect(new Set((await items(String(created.batchOperationKey))).map((i) => i.itemKey))).toEqual(new Set(targets));
    for (const key of bystanders) expect(cluster.engine.getProcessInstance(key)?.state).toBe('ACTIVE');
  });

  test('a cancellation takes root instances only: a called instance ends with its root', async () => {
    const root = start('batch-parent', 1)[0];
    const child = await eventually(
      async () => [...cluster.engine.listProcessInstances()].find((p) => p.parentProcessInstanceKey === root),
      (p) => p !== undefined,
      'the called instance',
    );
    const created = await client.cancelProcessInstancesBatchOperation(
      { filter: { processInstanceKey: { $in: [root, child?.processInstanceKey] } } } as never,
      NOW,
    );
    const done = await ended(String(created.batchOperationKey));
    expect(done).toMatchObject({ state: 'COMPLETED', operationsTotalCount: 1, operationsCompletedCount: 1 });
    expect((await items(String(created.batchOperationKey))).map((i) => i.itemKey)).toEqual([root]);
    expect(cluster.engine.getProcessInstance(String(child?.processInstanceKey))?.state).toBe('TERMINATED');
  });

  test("an item the engine rejects is FAILED with Zeebe's rejection, the others complete", async () => {
    // (enough items that the suspension arrives long before the last slice)
    start('batch-work', 2_000);
    const created = await client.cancelProcessInstancesBatchOperation(
      { filter: { processDefinitionId: 'batch-work', state: 'ACTIVE' } } as never,
      NOW,
    );
    const key = String(created.batchOperationKey);
    await client.suspendBatchOperation({ batchOperationKey: key } as never, NOW);
    const [pending] = await items(key, { state: 'ACTIVE' });
    // cancelled on its own while the batch waits: the batch's cancellation of it is then rejected
    await client.cancelProcessInstance({ processInstanceKey: pending.itemKey } as never);
    await client.resumeBatchOperation({ batchOperationKey: key } as never, NOW);
    const done = await ended(key);
    expect(done).toMatchObject({ state: 'COMPLETED', operationsCompletedCount: 1_999, operationsFailedCount: 1 });
    const [failed] = await items(key, { state: 'FAILED' });
    expect(failed).toMatchObject({ itemKey: pending.itemKey, processInstanceKey: pending.itemKey, state: 'FAILED' });
    expect(failed.errorMessage).toBe(
      `Expected to cancel a process instance with key '${pending.itemKey}', but no such process was found`,
    );
  });

  test('an incident resolution batch resolves the incidents of the matched instances, a job one retry first', async () => {
    const keys = start('batch-other', 3);
    const jobs = cluster.engine.activateJobs({
      type: 'batch-other',
      worker: 't',
      timeout: 60_000,
      maxJobsToActivate: 50,
    });
    for (const job of jobs.filter((j) => keys.includes(j.processInstanceKey)))
      cluster.engine.failJob(job.key, 0, 'no retries left', 0);
    const incidentsOf = () => [...cluster.engine.listIncidents()].filter((i) => keys.includes(i.processInstanceKey));
    expect(incidentsOf().filter((i) => i.state === 'ACTIVE')).toHaveLength(3);

    const created = await client.resolveIncidentsBatchOperation(
      { filter: { processInstanceKey: { $in: keys.slice(0, 2) } } } as never,
      NOW,
    );
    expect(created.batchOperationType).toBe('RESOLVE_INCIDENT');
    const done = await ended(String(created.batchOperationKey));
    expect(done).toMatchObject({ state: 'COMPLETED', operationsTotalCount: 2, operationsCompletedCount: 2 });
    const resolved = (await items(String(created.batchOperationKey))).map((i) => i.itemKey);
    expect(new Set(resolved)).toEqual(
      new Set(
        incidentsOf()
          .filter((i) => keys.slice(0, 2).includes(i.processInstanceKey))
          .map((i) => i.key),
      ),
    );
    expect(
      incidentsOf()
        .filter((i) => i.state === 'ACTIVE')
        .map((i) => i.processInstanceKey),
    ).toEqual([keys[2]]);
    // the jobs are activatable again, with the one retry the batch gave them
    const again = cluster.engine.activateJobs({
      type: 'batch-other',
      worker: 't',
      timeout: 60_000,
      maxJobsToActivate: 50,
    });
    expect(again.filter((j) => keys.slice(0, 2).includes(j.processInstanceKey)).map((j) => j.retries)).toEqual([1, 1]);
  });

  test('suspend stops a running batch, resume finishes it; the wrong state is rejected as Zeebe words it', async () => {
    start('batch-work', 2_000);
    const created = await client.cancelProcessInstancesBatchOperation(
      { filter: { processDefinitionId: 'batch-work', state: 'ACTIVE' } } as never,
      NOW,
    );
    const key = String(created.batchOperationKey);
    await client.suspendBatchOperation({ batchOperationKey: key } as never, NOW);
    const suspended = await batch(key);
    expect(suspended.state).toBe('SUSPENDED');
    expect(suspended.operationsCompletedCount).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await batch(key)).operationsCompletedCount).toBe(suspended.operationsCompletedCount);
    expect(await items(key, { state: 'ACTIVE' })).toHaveLength(2_000 - Number(suspended.operationsCompletedCount));

    const twice = await post(`/batch-operations/${key}/suspension`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toBe(
      `Expected to suspend a batch operation with key '${key}', but it has an invalid state 'SUSPENDED'.`,
    );
    await client.resumeBatchOperation({ batchOperationKey: key } as never, NOW);
    const done = await ended(key);
    expect(done).toMatchObject({ state: 'COMPLETED', operationsCompletedCount: 2_000, operationsFailedCount: 0 });
    const late = await post(`/batch-operations/${key}/resumption`, {});
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe(
      `Expected to resume a batch operation with key '${key}', but it has an invalid state 'COMPLETED'.`,
    );
  });

  test('cancel ends a batch: the items not applied yet are CANCELED; an ended or unknown batch is NOT_FOUND', async () => {
    start('batch-work', 2_000);
    const created = await client.cancelProcessInstancesBatchOperation(
      { filter: { processDefinitionId: 'batch-work', state: 'ACTIVE' } } as never,
      NOW,
    );
    const key = String(created.batchOperationKey);
    await client.suspendBatchOperation({ batchOperationKey: key } as never, NOW);
    await client.cancelBatchOperation({ batchOperationKey: key } as never, NOW);
    const canceled = await batch(key);
    expect(canceled.state).toBe('CANCELED');
    expect(canceled.endDate).toBeDefined();
    const left = await items(key, { state: 'CANCELED' });
    expect(left.length).toBe(2_000 - Number(canceled.operationsCompletedCount));
    expect(left.length).toBeGreaterThan(0);
    for (const item of left) expect(cluster.engine.getProcessInstance(String(item.itemKey))?.state).toBe('ACTIVE');

    const again = await post(`/batch-operations/${key}/cancellation`, {});
    expect([again.status, again.body.detail]).toEqual([
      404,
      `Expected to cancel a batch operation with key '${key}', but no such batch operation was found`,
    ]);
    const unknown = await fetch(`${rest}/v2/batch-operations/12345`);
    expect(unknown.status).toBe(404);
  });

  test('a batch matching nothing completes at once; only the 100 newest ended batches are kept', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 101; i++) {
      const created = await client.cancelProcessInstancesBatchOperation(
        { filter: { processDefinitionId: 'no-such-process' } } as never,
        NOW,
      );
      keys.push(String(created.batchOperationKey));
    }
    expect(await batch(keys[100])).toMatchObject({ state: 'COMPLETED', operationsTotalCount: 0 });
    expect((await fetch(`${rest}/v2/batch-operations/${keys[0]}`)).status).toBe(404);
    expect((await batch(keys[1])).state).toBe('COMPLETED');
  });

  test('a migration batch moves the matched instances to the target version; a modification batch moves their tokens', async () => {
    const targets = start('batch-work', 5);
    const v2 = work.replace('<bpmn:endEvent id="e"/>', '<bpmn:endEvent id="e" name="done"/>');
    const deployed = await cluster.engine.deploy([{ name: 'work-v2.bpmn', content: v2 }]);
    const targetProcessDefinitionKey = String(deployed.processes[0].processDefinitionKey);
    const migration = await post('/process-instances/migration', {
      filter: { processDefinitionId: 'batch-work', state: 'ACTIVE', processDefinitionVersion: 1 },
      migrationPlan: {
        targetProcessDefinitionKey,
        mappingInstructions: [{ sourceElementId: 'work', targetElementId: 'work' }],
      },
    });
    expect(migration.status).toBe(200);
    const migrated = await ended(String(migration.body.batchOperationKey));
    expect(migrated).toMatchObject({ state: 'COMPLETED', operationsFailedCount: 0 });
    for (const key of targets) {
      const instance = await (await fetch(`${rest}/v2/process-instances/${key}`)).json();
      expect([instance.processDefinitionKey, instance.processDefinitionVersion]).toEqual([
        targetProcessDefinitionKey,
        2,
      ]);
    }

    const moved = start('batch-other', 3);
    const modification = await post('/process-instances/modification', {
      filter: { processDefinitionId: 'batch-other', processInstanceKey: { $in: moved } },
      moveInstructions: [{ sourceElementId: 'work', targetElementId: 'e' }],
    });
    expect(modification.status).toBe(200);
    expect(await ended(String(modification.body.batchOperationKey))).toMatchObject({
      state: 'COMPLETED',
      operationsFailedCount: 0,
    });
    for (const key of moved) {
      const instance = await (await fetch(`${rest}/v2/process-instances/${key}`)).json();
      expect(instance.state).toBe('COMPLETED');
    }
  });

  test('bad input names the field', async () => {
    const noFilter = await post('/process-instances/cancellation', {});
    expect(noFilter.status).toBe(400);
    expect(noFilter.body.detail).toContain('filter');
    const badField = await post('/process-instances/cancellation', { filter: { color: 'red' } });
    expect(badField.status).toBe(400);
    expect(badField.body.detail).toContain("'filter.color'");
    const badSearch = await post('/batch-operation-items/search', { filter: { nope: 1 } });
    expect([badSearch.status, String(badSearch.body.detail)]).toEqual([400, expect.stringContaining('filter.nope')]);
  });
});
