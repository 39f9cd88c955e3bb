/**
 * Issue 22, points 1 and 2, over REST v2 with the unmodified `@camunda8/orchestration-cluster-api` client:
 * `POST /v2/process-instances/{key}/modification` and `.../migration` answer 204 and act; a rejection is the
 * problem Camunda answers (404 unknown instance, 400 Zeebe's INVALID_ARGUMENT, 409 its INVALID_STATE) and a
 * malformed body is a 400 naming the field.
 */
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { type EmbeddedTestEngine, startEmbeddedEngine } from '../../support/engine';
import { type RestClient, restClientFor } from '../../support/rest-client';

const version = (second: string) =>
  bpmnXml({
    id: 'rest-ops',
    elements: `<bpmn:startEvent id="s"/>${serviceTask('first', 'rest-ops-first')}${serviceTask(second, `rest-ops-${second}`)}<bpmn:endEvent id="e"/>`,
    flows: [`s -> first -> ${second} -> e`],
  });

describe('instance modification and migration over REST v2', () => {
  let cluster: EmbeddedTestEngine;
  let client: RestClient;
  let v2: string;

  beforeAll(async () => {
    cluster = await startEmbeddedEngine();
    client = restClientFor(cluster.restAddress as string);
    await cluster.engine.deploy([{ name: 'rest-ops.bpmn', content: version('second') }]);
    const deployed = await cluster.engine.deploy([{ name: 'rest-ops.bpmn', content: version('other') }]);
    v2 = deployed.processes[0].processDefinitionKey;
  });
  afterAll(() => cluster?.close());

  const start = () =>
    cluster.engine.createProcessInstance({ bpmnProcessId: 'rest-ops', version: 1 }).processInstanceKey;
  const active = (key: string) =>
    [...cluster.engine.listElementInstances(key)].filter((e) => e.state === 'ACTIVE').map((e) => e.elementId);
  const post = (path: string, body: unknown) =>
    fetch(`${cluster.restAddress}/v2/process-instances/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const problem = async (res: Response) => [res.status, ((await res.json()) as { detail: string }).detail];

  test('a move (terminate + activate) through the client answers 204 and moves the token', async () => {
    const key = start();
    const first = [...cluster.engine.listElementInstances(key)].find((e) => e.elementId === 'first')?.key as string;
    await client.modifyProcessInstance({
      processInstanceKey: key,
      terminateInstructions: [{ elementInstanceKey: first }],
      activateInstructions: [{ elementId: 'second', variableInstructions: [{ variables: { skipped: true } }] }],
    } as never);
    expect(active(key)).toEqual(['rest-ops', 'second']);
    expect(cluster.engine.getProcessInstance(key)).toMatchObject({ state: 'ACTIVE' });
    expect([...cluster.engine.listVariables(key)].map((v) => [v.name, v.value])).toEqual([['skipped', true]]);
  });

  test('a migration through the client answers 204; the instance runs on version 2', async () => {
    const key = start();
    await client.migrateProcessInstance({
      processInstanceKey: key,
      targetProcessDefinitionKey: v2,
      mappingInstructions: [{ sourceElementId: 'first', targetElementId: 'first' }],
    } as never);
    expect(cluster.engine.getProcessInstance(key)).toMatchObject({ processDefinitionKey: v2, version: 2 });
    const [job] = cluster.engine
      .activateJobs({ type: 'rest-ops-first', worker: 't', timeout: 1000, maxJobsToActivate: 9 })
      .filter((j) => j.processInstanceKey === key);
    cluster.engine.completeJob(job.key);
    expect(active(key)).toEqual(['rest-ops', 'other']);
  });

  test('rejections are Camunda problems: 404, 400 and 409 with Zeebe texts; a bad body names the field', async () => {
    const key = start();
    expect(await problem(await post('2251799813999999/modification', {}))).toEqual([
      404,
      "Expected to modify process instance but no process instance found with key '2251799813999999'",
    ]);
    expect(await problem(await post(`${key}/modification`, { activateInstructions: [{ elementId: 'nope' }] }))).toEqual(
      [
        400,
        "Expected to modify instance of process 'rest-ops' but it contains one or more activate instructions with an element that could not be found: 'nope'",
      ],
    );
    expect(
      await problem(await post(`${key}/migration`, { targetProcessDefinitionKey: v2, mappingInstructions: [] })),
    ).toEqual([
      409,
      `Expected to migrate process instance '${key}' but no mapping instruction defined for active element with id 'first'. Elements cannot be migrated without a mapping.`,
    ]);
    const [status, detail] = await problem(await post(`${key}/modification`, { terminateInstructions: [{}] }));
    expect(status).toBe(400);
    expect(detail).toContain("'terminateInstructions.0.elementInstanceKey'");
    const [migrationStatus, migrationDetail] = await problem(
      await post(`${key}/migration`, { mappingInstructions: [] }),
    );
    expect(migrationStatus).toBe(400);
    expect(migrationDetail).toContain("'targetProcessDefinitionKey'");
    const [varsStatus, varsDetail] = await problem(
      await post(`${key}/modification`, {
        activateInstructions: [{ elementId: 'second', variableInstructions: [{ variables: [1] }] }],
      }),
    );
    expect(varsStatus).toBe(400);
    expect(varsDetail).toContain("'activateInstructions.0.variableInstructions.0.variables'");
    expect(active(key)).toEqual(['rest-ops', 'first']);
  });
});
