/**
 * The Camunda-like profile (CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL above 0): the REST API's searches
 * and GETs see the engine's state as of the last flush, as Camunda's exporter makes it visible, while commands
 * (gRPC and REST) act on the live state at once. PT0S reads live state. A clock change answers before what it
 * made due fires (engine/secondary-storage.ts, engine.ts changeClock).
 */
import type { Camunda8 } from '@camunda8/sdk';
import pino from 'pino';
import { engineFromConfig } from '../../../src/boot/engine-from-config';
import { type EngineServices, startEngineServices } from '../../../src/boot/engine-gateways';
import { createEngine, type Engine } from '../../../src/engine/engine';
import { ExportedState } from '../../../src/engine/secondary-storage';
import { bpmnXml, serviceTask } from '../../support/bpmn';
import { eventually } from '../../support/eventually';
import { sdkClient } from '../../support/sdk-client';

const logger = pino({ level: 'silent' });
const FLUSH_MS = 500;
/** long enough that no flush but the one at start happens during a test: what is not visible yet is certain */
const NO_FLUSH_MS = 10 * 60_000;
const waiting = bpmnXml({
  id: 'lagging',
  elements: `<bpmn:startEvent id="start"/>${serviceTask('work', 'lagging-work')}<bpmn:endEvent id="end"/>`,
  flows: ['start -> work -> end'],
});
const timed = bpmnXml({
  id: 'timed',
  elements:
    '<bpmn:startEvent id="start"/><bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>' +
    '<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>' +
    '<bpmn:endEvent id="end"/>',
  flows: ['start -> wait -> end'],
});

async function profiledEngine(flushIntervalMs: number) {
  const engine = await engineFromConfig(
    {
      engineData: 'memory',
      engineSnapshotEvery: 0,
      engineFlushIntervalMs: flushIntervalMs,
    },
    logger,
  );
  await engine.deploy([
    { name: 'lagging.bpmn', content: waiting },
    { name: 'timed.bpmn', content: timed },
  ]);
  const services = await startEngineServices(engine, { grpcPort: 0, restPort: 0, logger, flushIntervalMs });
  return { engine, services, rest: `http://127.0.0.1:${services.restPort}/v2` };
}

describe('with a flush interval of PT0.5S', () => {
  let engine: Engine;
  let services: EngineServices;
  let rest: string;
  let zeebe: Camunda8;
  const get = (path: string) => fetch(`${rest}${path}`);
  const post = (path: string, body: unknown) =>
    fetch(`${rest}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const instance = async (key: string) => {
    const response = await get(`/process-instances/${key}`);
    return { status: response.status, body: response.status === 200 ? await response.json() : undefined };
  };
  const searchItems = async (path: string, filter: object) =>
    ((await (await post(path, { filter })).json()) as { items: { state?: string }[] }).items;

  beforeAll(async () => {
    ({ engine, services, rest } = await profiledEngine(FLUSH_MS));
    zeebe = sdkClient(`grpc://127.0.0.1:${services.grpcPort}`);
  });
  afterAll(async () => {
    await zeebe.getZeebeGrpcApiClient().close();
    await services.close();
    engine.close();
  });

  test('a created instance becomes visible to GET and searches after a flush', async () => {
    const created = await post('/process-instances', { processDefinitionId: 'lagging' });
    expect(created.status).toBe(200);
    const { processInstanceKey } = (await created.json()) as { processInstanceKey: string };
    const seen = await eventually(
      () => instance(processInstanceKey),
      (r) => r.status === 200,
      'the export',
    );
    expect(seen.body).toMatchObject({ processInstanceKey, state: 'ACTIVE' });
    expect(await searchItems('/element-instances/search', { processInstanceKey })).toContainEqual(
      expect.objectContaining({ elementId: 'work', state: 'ACTIVE' }),
    );
  });

  test('a cancel over gRPC right after the create acts on the live state; the export shows it', async () => {
    const { processInstanceKey } = await zeebe
      .getZeebeGrpcApiClient()
      .createProcessInstance({ bpmnProcessId: 'lagging', variables: {} });
    await zeebe.getZeebeGrpcApiClient().cancelProcessInstance(processInstanceKey);
    expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('TERMINATED');
    const seen = await eventually(
      () => instance(processInstanceKey),
      (r) => r.status === 200,
      'the cancelled instance exported',
    );
    expect(seen.body).toMatchObject({ state: 'TERMINATED' });
  });

  test('PUT /v2/clock answers before the timer it made due fires; the timer fires afterwards', async () => {
    const { processInstanceKey } = await zeebe
      .getZeebeGrpcApiClient()
      .createProcessInstance({ bpmnProcessId: 'timed', variables: {} });
    const live = () => engine.getProcessInstance(processInstanceKey)?.state;
    // in process, the engine's own clock command shows it: the change returns with the timer not fired
    engine.clock.pin(engine.clock.now() + 30 * 60_000);
    engine.clock.advance(2 * 60 * 60_000);
    expect(live()).toBe('ACTIVE');
    await eventually(
      async () => live(),
      (state) => state === 'COMPLETED',
      'the timer to fire',
    );

    const second = await zeebe.getZeebeGrpcApiClient().createProcessInstance({ bpmnProcessId: 'timed', variables: {} });
    const pinned = await fetch(`${rest}/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timestamp: engine.clock.now() + 2 * 60 * 60_000 }),
    });
    expect(pinned.status).toBe(204);
    await eventually(
      () => instance(second.processInstanceKey),
      (r) => r.body?.state === 'COMPLETED',
      'the timer fired and exported',
    );
    await fetch(`${rest}/clock/reset`, { method: 'POST' });
  });
});

describe('before the next flush (an interval of PT10M)', () => {
  test('a created instance is not found by GET or searches; commands on it act at once', async () => {
    const { engine, services, rest } = await profiledEngine(NO_FLUSH_MS);
    const zeebe = sdkClient(`grpc://127.0.0.1:${services.grpcPort}`).getZeebeGrpcApiClient();
    const search = async (path: string, filter: object) => {
      const response = await fetch(`${rest}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filter }),
      });
      return ((await response.json()) as { items: unknown[] }).items;
    };
    try {
      // deployed before the gateway started: exported by the flush at start
      expect(await search('/process-definitions/search', { processDefinitionId: 'lagging' })).toHaveLength(1);
      const { processInstanceKey } = await zeebe.createProcessInstance({ bpmnProcessId: 'lagging', variables: {} });
      expect((await fetch(`${rest}/process-instances/${processInstanceKey}`)).status).toBe(404);
      expect(await search('/process-instances/search', { processInstanceKey })).toEqual([]);
      expect(await search('/element-instances/search', { processInstanceKey })).toEqual([]);
      expect(await search('/variables/search', { processInstanceKey })).toEqual([]);
      expect(await search('/incidents/search', { processInstanceKey })).toEqual([]);
      const flows = await (await fetch(`${rest}/process-instances/${processInstanceKey}/sequence-flows`)).json();
      expect(flows).toEqual({ items: [] });
      await zeebe.cancelProcessInstance(processInstanceKey);
      expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('TERMINATED');
      expect((await fetch(`${rest}/process-instances/${processInstanceKey}`)).status).toBe(404);
    } finally {
      await zeebe.close();
      await services.close();
      engine.close();
    }
  });

  test('the exported state changes only at a flush', async () => {
    const engine = createEngine({ logger });
    await engine.deploy([{ name: 'lagging.bpmn', content: waiting }]);
    const exported = new ExportedState(engine);
    const { processInstanceKey } = engine.createProcessInstance({ bpmnProcessId: 'lagging' });
    exported.flush();
    engine.cancelProcessInstance(processInstanceKey);
    expect(exported.getProcessInstance(processInstanceKey)?.state).toBe('ACTIVE');
    expect([...exported.listElementInstances(processInstanceKey)].map((e) => e.state)).toContain('ACTIVE');
    exported.flush();
    expect(exported.getProcessInstance(processInstanceKey)?.state).toBe('TERMINATED');
    engine.close();
  });
});

describe('with the default flush interval (PT0S)', () => {
  test('GET and search see a created instance at once, and a clock change fires timers inside it', async () => {
    const { engine, services, rest } = await profiledEngine(0);
    try {
      const created = await fetch(`${rest}/process-instances`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ processDefinitionId: 'timed' }),
      });
      const { processInstanceKey } = (await created.json()) as { processInstanceKey: string };
      expect((await fetch(`${rest}/process-instances/${processInstanceKey}`)).status).toBe(200);
      engine.clock.advance(2 * 60 * 60_000);
      expect(engine.getProcessInstance(processInstanceKey)?.state).toBe('COMPLETED');
    } finally {
      await services.close();
      engine.close();
    }
  });
});
