/**
 * The app against a cluster whose REST v2 lags its engine, as Camunda's secondary storage does: the embedded
 * engine started on its own, its REST port behind a proxy that hides each process instance for a while after
 * it is first asked about (test/support/lagging-rest-proxy.ts). A read of what the app has just written looks
 * again until Camunda shows it: the instance of a new order is read (not 404); an instance Camunda never
 * shows answers 503 with Retry-After, and a key the app never started 404 as before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { type EngineServices, startEngineServices } from '../../src/boot/engine-gateways';
import type { RunningBaton } from '../../src/boot/start-baton';
import { createRepositories } from '../../src/data';
import { createEngine } from '../../src/engine/engine';
import { openTestDatabase } from '../data/test-database';
import { type HidingRestProxy, startHidingRestProxy } from '../support/hiding-rest-proxy';
import { startTestBaton, type TestBatonOptions } from '../support/test-baton';

const API_KEY = 'read-your-writes-key-0123456789';
const auth = { Authorization: `Bearer ${API_KEY}` };
const logger = pino({ level: 'silent' });
const ORDER = { customerId: 'customer-1', items: [{ sku: 'SKU-MUG', quantity: 1 }], amount: 9.5, currency: 'EUR' };

interface Cluster {
  engine: ReturnType<typeof createEngine>;
  grpcAddress: string;
  proxy: HidingRestProxy;
  close(): Promise<void>;
}

/** The engine as an external cluster, its REST behind the lagging proxy. */
async function startCluster(hideMs: number): Promise<Cluster> {
  const engine = createEngine({ logger });
  const services: EngineServices = await startEngineServices(engine, {
    grpcPort: 0,
    restPort: 0,
    host: '127.0.0.1',
    logger,
  });
  const proxy = await startHidingRestProxy(`http://127.0.0.1:${services.restPort}`, hideMs);
  return {
    engine,
    grpcAddress: `grpc://127.0.0.1:${services.grpcPort}`,
    proxy,
    close: async () => {
      await proxy.close();
      await services.close();
      engine.close();
    },
  };
}

/** The app pointed at the cluster; openDatabase absent: PGlite on disk under dataDir (kept across restarts). */
function startApp(cluster: Cluster, dataDir: string, options: Partial<TestBatonOptions> = {}): Promise<RunningBaton> {
  return startTestBaton({
    dataDir,
    env: { API_KEY, ZEEBE_GRPC_ADDRESS: cluster.grpcAddress, ZEEBE_REST_ADDRESS: cluster.proxy.url },
    ...options,
  });
}

interface LaggingCluster {
  baton: RunningBaton;
  proxy: HidingRestProxy;
  close(): Promise<void>;
}

/** The cluster and the app on a test database. */
async function startLaggingCluster(hideMs: number, readYourWritesWaitMs?: number): Promise<LaggingCluster> {
  const cluster = await startCluster(hideMs);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-read-your-writes-'));
  const baton = await startApp(cluster, dataDir, { openDatabase: openTestDatabase, readYourWritesWaitMs });
  return {
    baton,
    proxy: cluster.proxy,
    close: async () => {
      await baton.close(5_000);
      await cluster.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the app against a cluster that shows new instances a while after they start', () => {
  let cluster: LaggingCluster;
  beforeAll(async () => {
    cluster = await startLaggingCluster(1_500);
  });
  afterAll(() => cluster?.close());

  it("reads a just-created order's process instance once Camunda shows it, not 404", async () => {
    const created = await request(cluster.baton.url).post('/api/orders').set(auth).send(ORDER);
    expect(created.status).toBe(201);
    const key = String(created.body.processInstanceKey);
    const state = await request(cluster.baton.url).get(`/api/process-instances/${key}`);
    expect({ status: state.status, body: state.body }).toMatchObject({
      status: 200,
      body: { processInstanceKey: key, bpmnProcessId: 'order-fulfilment' },
    });
    // the proxy did hide it: the first look missed
    expect(cluster.proxy.hiddenReads.has(key)).toBe(true);
  });
});

describe('the app against a cluster that does not show a new instance within the wait', () => {
  let cluster: LaggingCluster;
  beforeAll(async () => {
    cluster = await startLaggingCluster(Number.POSITIVE_INFINITY, 300);
  });
  afterAll(() => cluster?.close());

  it('answers 503 with Retry-After for an instance it started, saying Camunda has not shown it yet', async () => {
    const created = await request(cluster.baton.url).post('/api/orders').set(auth).send(ORDER);
    expect(created.status).toBe(201);
    const key = String(created.body.processInstanceKey);
    const state = await request(cluster.baton.url).get(`/api/process-instances/${key}`);
    expect(state.status).toBe(503);
    expect(state.headers['retry-after']).toBe('2');
    expect(state.body).toMatchObject({ status: 503, processInstanceKey: key });
    expect(state.body.detail).toContain(`Camunda has not shown process instance ${key} yet`);
  });

  it('answers 404 for a key it never started', async () => {
    const state = await request(cluster.baton.url).get('/api/process-instances/2251799813999999');
    expect({ status: state.status, detail: state.body.detail }).toEqual({
      status: 404,
      detail: 'Process instance 2251799813999999 does not exist',
    });
  });
});

describe('the start-up repair against a cluster that shows an instance a while after it starts', () => {
  let cluster: Cluster;
  let dataDir: string;
  let baton: RunningBaton | undefined;
  beforeAll(async () => {
    cluster = await startCluster(1_500);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-read-your-writes-restart-'));
  });
  afterAll(async () => {
    await baton?.close(5_000);
    await cluster?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('attaches the instance an order cut off after its start has, instead of starting a second one', async () => {
    // workers off: the instance stays where it is
    baton = await startApp(cluster, dataDir, { workers: { taskTypes: [] } });
    const started = await baton.processes.startProcess('order-fulfilment', { orderId: 'order-cut', ...ORDER });
    await createRepositories(baton.db).orders.create({ id: 'order-cut', ...ORDER, amountMinor: 950 });
    await baton.close(5_000);
    baton = await startApp(cluster, dataDir, { workers: { taskTypes: [] } });

    const order = await request(baton.url).get('/api/orders/order-cut');
    expect(order.body).toMatchObject({ id: 'order-cut', processInstanceKey: started.processInstanceKey });
    const instances = [...cluster.engine.listVariables()]
      .filter((v) => v.name === 'orderId' && v.value === 'order-cut')
      .map((v) => v.processInstanceKey);
    expect(instances).toEqual([started.processInstanceKey]);
    // the repair's first search missed it
    expect(cluster.proxy.hiddenReads.has(started.processInstanceKey)).toBe(true);
  }, 120_000); // two app starts on PGlite on disk: patience for a loaded CI machine (no timing asserted)
});
