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
import type { RunningBaton } from '../../src/app/start-baton';
import { createEngine } from '../../src/engine/engine';
import { type EngineServices, startEngineServices } from '../../src/engine-main';
import { openTestDatabase } from '../data/test-database';
import { type LaggingRestProxy, startLaggingRestProxy } from '../support/lagging-rest-proxy';
import { startTestBaton } from '../support/test-baton';

const API_KEY = 'read-your-writes-key-0123456789';
const auth = { Authorization: `Bearer ${API_KEY}` };
const logger = pino({ level: 'silent' });
const ORDER = { customerId: 'customer-1', items: [{ sku: 'SKU-MUG', quantity: 1 }], amount: 9.5, currency: 'EUR' };

interface LaggingCluster {
  baton: RunningBaton;
  proxy: LaggingRestProxy;
  close(): Promise<void>;
}

/** The engine as an external cluster, its REST behind the lagging proxy, and the app pointed at both. */
async function startLaggingCluster(hideMs: number, readYourWritesWaitMs?: number): Promise<LaggingCluster> {
  const engine = createEngine({ logger });
  const services: EngineServices = await startEngineServices(engine, {
    grpcPort: 0,
    restPort: 0,
    host: '127.0.0.1',
    logger,
  });
  const proxy = await startLaggingRestProxy(`http://127.0.0.1:${services.restPort}`, hideMs);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-read-your-writes-'));
  const baton = await startTestBaton({
    dataDir,
    env: {
      API_KEY,
      ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${services.grpcPort}`,
      ZEEBE_REST_ADDRESS: proxy.url,
    },
    openDatabase: openTestDatabase,
    readYourWritesWaitMs,
  });
  return {
    baton,
    proxy,
    close: async () => {
      await baton.close(5_000);
      await proxy.close();
      await services.close();
      engine.close();
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
