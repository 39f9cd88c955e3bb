/**
 * Issue 22 point 5: /actuator/prometheus counts what the engine itself does, not only what clients asked for:
 * element instances completed and terminated by element type, root instances created / completed / terminated,
 * jobs created / activated / completed / failed by job type, incidents created and resolved (here by a batch
 * operation and a timer-free failure, which no client command names), and every journal append with its
 * latency. A restarted engine's replay counts nothing again. Driven through the unmodified REST client,
 * scraped over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type EngineServices, startEngineServices } from '../../../src/boot/engine-gateways';
import { type Engine, openEngine } from '../../../src/engine/engine';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { eventually } from '../../support/eventually';
import { prometheusSample as sample } from '../../support/prometheus-sample';
import { NOW, type RestClient, restClientFor } from '../../support/rest-client';

const silent = pino({ level: 'silent' });
const model = bpmnXml({
  id: 'counted',
  elements: `<bpmn:startEvent id="s"/>${serviceTask('work', 'counted-work')}<bpmn:endEvent id="e"/>`,
  flows: ['s -> work -> e'],
});

describe("the engine's own events on the management port", () => {
  let dir: string;
  let engine: Engine;
  let services: EngineServices;
  let client: RestClient;
  const scrape = async () => (await fetch(`http://127.0.0.1:${services.managementPort}/actuator/prometheus`)).text();
  const open = async () => {
    engine = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: 0 });
    services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, managementPort: 0, logger: silent });
    client = restClientFor(`http://127.0.0.1:${services.restPort}`);
  };
  const close = async () => {
    await services.close();
    engine.close();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-engine-metrics-'));
    await open();
  });
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('counts elements, instances, jobs and incidents by what happened to them, and journal appends', async () => {
    await client.createDeployment({ resources: [new File([model], 'counted.bpmn')] } as never);
    const keys: string[] = [];
    for (let i = 0; i < 4; i++)
      keys.push(
        String((await client.createProcessInstance({ processDefinitionId: 'counted' } as never)).processInstanceKey),
      );
    const jobs = await client.activateJobs({
      type: 'counted-work',
      maxJobsToActivate: 10,
      timeout: 60_000,
      worker: 'w',
    } as never);
    const byInstance = new Map(jobs.jobs.map((j) => [String(j.processInstanceKey), String(j.jobKey)]));
    // one completes, one fails into an incident, two are cancelled by a batch
    await client.completeJob({ jobKey: byInstance.get(keys[0]) } as never);
    await client.failJob({ jobKey: byInstance.get(keys[1]), retries: 0, errorMessage: 'boom' } as never);
    const resolution = await client.resolveIncidentsBatchOperation(
      { filter: { processInstanceKey: keys[1] } } as never,
      NOW,
    );
    const cancellation = await client.cancelProcessInstancesBatchOperation(
      { filter: { processInstanceKey: { $in: keys.slice(2) } } } as never,
      NOW,
    );
    for (const batch of [resolution, cancellation])
      await eventually(
        () => client.getBatchOperation({ batchOperationKey: batch.batchOperationKey } as never, NOW),
        (b) => b.state === 'COMPLETED',
        'the batch to complete',
      );

    const text = await scrape();
    const element = (action: string, type: string) =>
      sample(text, 'zeebe_element_instance_events_total', { action, type, partition: '1' });
    expect(element('activated', 'PROCESS')).toBe(4);
    expect(element('completed', 'PROCESS')).toBe(1);
    expect(element('terminated', 'PROCESS')).toBe(2);
    expect(element('completed', 'START_EVENT')).toBe(4);
    expect(element('completed', 'SERVICE_TASK')).toBe(1);
    expect(element('terminated', 'SERVICE_TASK')).toBe(2);
    const executed = (action: string) =>
      sample(text, 'zeebe_executed_instances_total', { action, type: 'ROOT_PROCESS_INSTANCE' });
    expect([executed('activated'), executed('completed'), executed('terminated')]).toEqual([4, 1, 2]);
    const job = (action: string) => sample(text, 'zeebe_job_events_total', { action, type: 'counted-work' });
    // (the resolved incident's job was made activatable again with one retry, and waits)
    expect([job('created'), job('activated'), job('completed'), job('failed'), job('canceled')]).toEqual([
      4, 4, 1, 1, 2,
    ]);
    const incident = (action: string) => sample(text, 'zeebe_incident_events_total', { action });
    expect([incident('created'), incident('resolved')]).toEqual([1, 1]);
    expect(sample(text, 'atomix_journal_append_rate_total', { partition: '1' })).toBeGreaterThan(8);
    expect(sample(text, 'atomix_journal_append_latency_seconds_count', { partition: '1' })).toBe(
      sample(text, 'atomix_journal_append_rate_total', { partition: '1' }),
    );
  });

  test('a restarted engine counts nothing of what its replay applies again', async () => {
    await close();
    await open();
    const text = await scrape();
    expect(sample(text, 'zeebe_element_instance_events_total', { action: 'activated', type: 'PROCESS' })).toBe(0);
    expect(sample(text, 'zeebe_job_events_total', { action: 'created', type: 'counted-work' })).toBe(0);
  });
});
