/**
 * Issue 22 point 4, through the unmodified `@camunda8/orchestration-cluster-api` client against a started
 * engine: element statistics of an instance and of a definition (with a process instance filter), the call
 * hierarchy of a called instance, the license, usage metrics, and resources (404: no RPA resources here).
 */
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';

const child = bpmnXml({
  id: 'stats-child',
  elements: `<bpmn:startEvent id="cs"/>${serviceTask('child-work', 'stats-child-work')}<bpmn:endEvent id="ce"/>`,
  flows: ['cs -> child-work -> ce'],
});
const parent = bpmnXml({
  id: 'stats-parent',
  elements:
    '<bpmn:startEvent id="s"/><bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="stats-child"/></bpmn:extensionElements></bpmn:callActivity><bpmn:endEvent id="e"/>',
  flows: ['s -> call -> e'],
});
const work = bpmnXml({
  id: 'stats-work',
  elements: `<bpmn:startEvent id="s"/>${serviceTask('work', 'stats-work')}<bpmn:endEvent id="e"/>`,
  flows: ['s -> work -> e'],
});

describe('Operate reads over REST v2', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;
  let workDefinitionKey: string;
  const workInstances: string[] = [];

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
    const { engine } = cluster;
    const deployed = await engine.deploy([
      { name: 'child.bpmn', content: child },
      { name: 'parent.bpmn', content: parent },
      { name: 'work.bpmn', content: work },
    ]);
    workDefinitionKey = deployed.processes.find((p) => p.bpmnProcessId === 'stats-work')
      ?.processDefinitionKey as string;
    // three instances: one completes, one fails into an incident, one waits in its task
    for (let i = 0; i < 3; i++)
      workInstances.push(
        engine.createProcessInstance({ bpmnProcessId: 'stats-work', variables: { i } }).processInstanceKey,
      );
    const jobs = engine.activateJobs({ type: 'stats-work', worker: 't', timeout: 60_000, maxJobsToActivate: 2 });
    const byInstance = new Map(jobs.map((j) => [j.processInstanceKey, j.key]));
    engine.completeJob(byInstance.get(workInstances[0]) as string, {});
    engine.failJob(byInstance.get(workInstances[1]) as string, 0, 'boom', 0);
  });
  afterAll(() => cluster?.close());

  test('element statistics of one instance: active, incidents, completed by element id', async () => {
    const waiting = await client.getProcessInstanceStatistics({ processInstanceKey: workInstances[2] } as never, NOW);
    expect(waiting.items).toEqual([
      { elementId: 's', active: 0, canceled: 0, incidents: 0, completed: 1 },
      { elementId: 'work', active: 1, canceled: 0, incidents: 0, completed: 0 },
    ]);
    const failed = await client.getProcessInstanceStatistics({ processInstanceKey: workInstances[1] } as never, NOW);
    expect(failed.items).toContainEqual({ elementId: 'work', active: 0, canceled: 0, incidents: 1, completed: 0 });
  });

  test('element statistics of a definition add up its instances, and a filter narrows them', async () => {
    const all = await client.getProcessDefinitionStatistics({ processDefinitionKey: workDefinitionKey } as never, NOW);
    expect(all.items).toEqual([
      { elementId: 's', active: 0, canceled: 0, incidents: 0, completed: 3 },
      { elementId: 'work', active: 1, canceled: 0, incidents: 1, completed: 1 },
      { elementId: 'e', active: 0, canceled: 0, incidents: 0, completed: 1 },
    ]);
    const withIncident = await client.getProcessDefinitionStatistics(
      { processDefinitionKey: workDefinitionKey, filter: { hasIncident: true } } as never,
      NOW,
    );
    expect(withIncident.items).toEqual([
      { elementId: 's', active: 0, canceled: 0, incidents: 0, completed: 1 },
      { elementId: 'work', active: 0, canceled: 0, incidents: 1, completed: 0 },
    ]);
  });

  test('the call hierarchy of a called instance names its callers from the root down', async () => {
    const { engine } = cluster;
    const root = engine.createProcessInstance({ bpmnProcessId: 'stats-parent', variables: {} }).processInstanceKey;
    const called = [...engine.listProcessInstances()].find((p) => p.parentProcessInstanceKey === root);
    expect(called).toBeDefined();
    const hierarchy = await client.getProcessInstanceCallHierarchy(
      { processInstanceKey: called?.processInstanceKey } as never,
      NOW,
    );
    expect(hierarchy).toEqual([
      {
        processInstanceKey: root,
        processDefinitionKey: engine.getProcessInstance(root)?.processDefinitionKey,
        processDefinitionName: 'stats-parent',
      },
    ]);
    expect(await client.getProcessInstanceCallHierarchy({ processInstanceKey: root } as never, NOW)).toEqual([]);
    const missing = await fetch(`${cluster.restAddress}/v2/process-instances/123/call-hierarchy`);
    expect(missing.status).toBe(404);
  });

  test('the license: none, as a self-managed Camunda without one answers', async () => {
    expect(await client.getLicense()).toEqual({
      validLicense: false,
      licenseType: 'unknown',
      isCommercial: false,
      expiresAt: null,
    });
  });

  test('usage metrics count the root instances started in the interval', async () => {
    const now = cluster.engine.clock.now();
    const range = (from: number, to: number) =>
      client.getUsageMetrics(
        { startTime: new Date(from).toISOString(), endTime: new Date(to).toISOString() } as never,
        NOW,
      );
    const usage = await range(now - 60_000, now + 60_000);
    expect(usage).toMatchObject({ decisionInstances: 0, assignees: 0, activeTenants: 1 });
    const roots = [...cluster.engine.listProcessInstances()].filter((p) => !p.parentProcessInstanceKey).length;
    expect(usage.processInstances).toBe(roots);
    expect((await range(now - 120_000, now - 60_000)).processInstances).toBe(0);
    const bad = await fetch(`${cluster.restAddress}/v2/system/usage-metrics?startTime=yesterday&endTime=x`);
    expect(bad.status).toBe(400);
  });

  test('resources: 404 for any key, since only RPA resources are served there', async () => {
    for (const path of [`/v2/resources/${workDefinitionKey}`, `/v2/resources/${workDefinitionKey}/content`]) {
      const res = await fetch(`${cluster.restAddress}${path}`);
      expect([res.status, ((await res.json()) as { title: string }).title]).toEqual([404, 'NOT_FOUND']);
    }
  });
});
