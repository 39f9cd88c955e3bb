/**
 * Zeebe's management port on the embedded engine, over real HTTP: the actuator health groups (UP, and DOWN
 * with 503 once the journal failed), and /actuator/prometheus with Zeebe's metric names, which move as an
 * unmodified SDK client creates instances and works their jobs.
 */
import fs, { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Camunda8 } from '@camunda8/sdk';
import pino from 'pino';
import { engineProcessCommands } from '../../../src/app/process-commands/engine-process-commands';
import { type EngineServices, startEngineServices } from '../../../src/boot/engine-gateways';
import { createEngine, type Engine, openEngine } from '../../../src/engine/engine';
import { meteringOf } from '../../../src/gateway/management/metered-engine';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { prometheusSample as sample } from '../../support/prometheus-sample';
import { sdkClient } from '../../support/sdk-client';

const silent = pino({ level: 'silent' });
const model = bpmnXml({
  id: 'metered',
  elements: `<bpmn:startEvent id="s"/>${serviceTask('work', 'metered-work')}<bpmn:endEvent id="e"/>`,
  flows: ['s -> work -> e'],
});

async function get(port: number, path: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('the management port', () => {
  let engine: Engine;
  let services: EngineServices;
  let camunda: Camunda8;

  beforeAll(async () => {
    engine = createEngine({ logger: silent });
    services = await startEngineServices(engine, { grpcPort: 0, managementPort: 0, logger: silent });
    camunda = sdkClient(`grpc://127.0.0.1:${services.grpcPort}`);
  });
  afterAll(async () => {
    await camunda.closeAllClients();
    await services.close();
    engine.close();
  });

  test('serves the actuator health groups as Spring Boot does', async () => {
    const port = services.managementPort as number;
    const health = await get(port, '/actuator/health');
    expect(health.status).toBe(200);
    expect(health.type).toBe('application/vnd.spring-boot.actuator.v3+json');
    expect(JSON.parse(health.text)).toEqual({ status: 'UP', groups: ['liveness', 'readiness', 'startup', 'status'] });
    for (const group of ['readiness', 'liveness', 'startup', 'status']) {
      const answer = await get(port, `/actuator/health/${group}`);
      expect([answer.status, JSON.parse(answer.text)]).toEqual([200, { status: 'UP' }]);
    }
    expect((await get(port, '/actuator/nothing')).status).toBe(404);
  });

  test("Zeebe's metric names move as instances are created and their jobs worked", async () => {
    const port = services.managementPort as number;
    const zeebe = camunda.getZeebeGrpcApiClient();
    await zeebe.deployResource({ name: 'metered.bpmn', process: Buffer.from(model) });
    const before = await get(port, '/actuator/prometheus');
    expect(before.type).toContain('text/plain');
    for (const name of [
      'zeebe_element_instance_events_total',
      'zeebe_executed_instances_total',
      'zeebe_job_events_total',
      'zeebe_incident_events_total',
      'zeebe_received_request_count_total',
      'zeebe_dropped_request_count_total',
      'zeebe_pending_incidents_total',
      'zeebe_health',
    ])
      expect(before.text).toContain(`# TYPE ${name} `);
    const created = { action: 'activated', type: 'PROCESS', partition: '1' };
    const createdBefore = sample(before.text, 'zeebe_element_instance_events_total', created);

    for (let i = 0; i < 3; i++) await zeebe.createProcessInstance({ bpmnProcessId: 'metered', variables: {} });
    const jobs = await zeebe.activateJobs({
      type: 'metered-work',
      maxJobsToActivate: 10,
      timeout: 60_000,
      worker: 't',
    });
    expect(jobs).toHaveLength(3);
    for (const job of jobs) await zeebe.completeJob({ jobKey: job.key, variables: {} });

    const after = (await get(port, '/actuator/prometheus')).text;
    expect(sample(after, 'zeebe_element_instance_events_total', created)).toBe(createdBefore + 3);
    expect(
      sample(after, 'zeebe_executed_instances_total', { action: 'activated', type: 'ROOT_PROCESS_INSTANCE' }),
    ).toBe(3);
    const job = (action: string) => sample(after, 'zeebe_job_events_total', { action, type: 'metered-work' });
    expect([job('activated'), job('completed')]).toEqual([3, 3]);
    expect(sample(after, 'zeebe_health', { partition: '1' })).toBe(1);
  });
});

test("the app's in-process commands count in the same metrics as the gateways' (npm start)", async () => {
  const engine = createEngine({ logger: silent });
  const services = await startEngineServices(engine, { grpcPort: 0, managementPort: 0, logger: silent });
  try {
    await engine.deploy([{ name: 'metered.bpmn', content: model }]);
    const commands = engineProcessCommands(meteringOf(engine).engine);
    await commands.startProcess('metered', {});
    const text = (await get(services.managementPort as number, '/actuator/prometheus')).text;
    expect(sample(text, 'zeebe_element_instance_events_total', { action: 'activated', type: 'PROCESS' })).toBe(1);
  } finally {
    await services.close();
    engine.close();
  }
});

describe('the management port of an engine whose journal failed', () => {
  let dir: string;
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  test('readiness, liveness and health answer 503 DOWN; zeebe_health is 0', async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-management-'));
    const engine = await openEngine({ dataDir: dir, logger: silent, snapshotEvery: 0 });
    const services = await startEngineServices(engine, { grpcPort: 0, managementPort: 0, logger: silent });
    try {
      const port = services.managementPort as number;
      await engine.deploy([{ name: 'metered.bpmn', content: model }]);
      expect((await get(port, '/actuator/health/readiness')).status).toBe(200);
      // the disk fills on the next journal write (as test/engine/journal-failure.test.ts provokes it)
      jest.spyOn(fs, 'writeSync').mockImplementationOnce(() => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      });
      engine.createProcessInstance({ bpmnProcessId: 'metered', variables: {} });
      await expect(engine.durable()).rejects.toMatchObject({ code: 'UNAVAILABLE' });

      for (const path of ['/actuator/health', '/actuator/health/readiness', '/actuator/health/liveness']) {
        const answer = await get(port, path);
        expect([path, answer.status, JSON.parse(answer.text).status]).toEqual([path, 503, 'DOWN']);
      }
      const metrics = (await get(port, '/actuator/prometheus')).text;
      expect(sample(metrics, 'zeebe_health', { partition: '1' })).toBe(0);
    } finally {
      await services.close();
      engine.close();
    }
  });
});
