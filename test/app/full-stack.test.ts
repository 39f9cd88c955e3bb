/**
 * The real pieces in one process on random ports, wired exactly as `npm start` wires them (startBaton):
 * embedded engine behind its gRPC and REST v2 gateways, SDK client, in-memory database,
 * deployed models, the real workers, and the API over real HTTP. An order placed through POST /api/orders
 * completes; an onboarding waits for its kickoff message and completes when the API publishes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { openTestDatabase } from '../data/test-database';
import { eventually } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';

const API_KEY = 'full-stack-key-0123456789';
const auth = { Authorization: `Bearer ${API_KEY}` };

/** what full-stack waits for happens within seconds on the in-memory engine; patience for a loaded CI machine */
const WAIT_MS = 45_000;
jest.setTimeout(WAIT_MS * 2);

describe('full stack (engine + gateways + data + workers + API)', () => {
  let baton: RunningBaton;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-full-'));
    baton = await startTestBaton({ dataDir, env: { ENGINE_DATA: 'memory', API_KEY }, openDatabase: openTestDatabase });
  });
  afterAll(async () => {
    await baton?.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is ready: engine and database answer', async () => {
    const res = await request(baton.url).get('/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
  });

  it('completes an order placed through the API', async () => {
    const before = await request(baton.url).get('/api/inventory');
    const lamp = (rows: { sku: string; available: number }[]) => rows.find((r) => r.sku === 'SKU-LAMP')?.available;
    const created = await request(baton.url)
      .post('/api/orders')
      .set(auth)
      .send({ customerId: 'customer-1', items: [{ sku: 'SKU-LAMP', quantity: 2 }], amount: 59.8, currency: 'EUR' });
    expect(created.status).toBe(201);

    const order = await eventually(
      async () => (await request(baton.url).get(`/api/orders/${created.body.id}`)).body,
      (body) => body.status !== 'in_progress',
      'the order to finish',
      WAIT_MS,
    );
    expect(order).toEqual(
      expect.objectContaining({ status: 'completed', processInstanceKey: created.body.processInstanceKey }),
    );
    const after = await request(baton.url).get('/api/inventory');
    expect(lamp(after.body)).toBe((lamp(before.body) ?? 0) - 2);
  });

  it('reports the completed order instance through GET /api/process-instances/{key} (REST v2)', async () => {
    const created = await request(baton.url)
      .post('/api/orders')
      .set(auth)
      .send({ customerId: 'customer-2', items: [{ sku: 'SKU-MUG', quantity: 1 }], amount: 9.5, currency: 'EUR' });
    expect(created.status).toBe(201);
    const state = await eventually(
      async () => (await request(baton.url).get(`/api/process-instances/${created.body.processInstanceKey}`)).body,
      (body) => body.state === 'COMPLETED',
      'the instance to complete',
      WAIT_MS,
    );
    expect(state).toEqual(
      expect.objectContaining({
        processInstanceKey: created.body.processInstanceKey,
        bpmnProcessId: 'order-fulfilment',
        activeElementIds: [],
        incidents: [],
        variables: expect.objectContaining({ orderId: created.body.id, customerId: 'customer-2' }),
      }),
    );
    const steps = ['charge-payment', 'reserve-inventory', 'create-shipment', 'notify-customer'];
    const positions = steps.map((id) => state.completedElementIds.indexOf(id));
    expect(positions.every((p: number) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('serves Camunda REST v2 on its own origin: searches are open, writes need the API key', async () => {
    const search = await request(baton.url).post('/v2/process-definitions/search').send({});
    expect(search.status).toBe(200);
    expect(search.body.items.map((d: { processDefinitionId: string }) => d.processDefinitionId)).toEqual(
      expect.arrayContaining(['order-fulfilment', 'customer-onboarding']),
    );
    const cancel = await request(baton.url).post('/v2/process-instances/2251799813685251/cancellation').send({});
    expect(cancel.status).toBe(401);
    const unknown = await request(baton.url)
      .post('/v2/process-instances/2251799813685251/cancellation')
      .set(auth)
      .send({});
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
  });

  it('a second instance on the same API port fails with a message naming PORT; the first keeps serving', async () => {
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'baton-full-'));
    try {
      const attempt = startTestBaton({
        dataDir: otherDir,
        env: { ENGINE_DATA: 'memory', API_KEY },
        apiPort: baton.port,
        openDatabase: openTestDatabase,
      });
      await expect(attempt).rejects.toThrow(`Port ${baton.port} (the API) is already in use`);
      await expect(attempt).rejects.toThrow(/set PORT/);
      // the first instance still serves
      expect((await request(baton.url).get('/ready')).status).toBe(200);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('runs an onboarding that waits for the kickoff message published through the API', async () => {
    const engine = baton.engine!;
    const started = await request(baton.url)
      .post('/api/onboardings')
      .set(auth)
      .send({ customerId: 'cust-full', email: 'full@example.com', company: 'Full Stack Ltd' });
    expect(started.status).toBe(201);
    const key = started.body.processInstanceKey as string;
    const waiting = () =>
      [...engine.listElementInstances(key)].some((e) => e.elementId === 'wait-kickoff' && e.state === 'ACTIVE');
    await eventually(async () => waiting(), Boolean, 'the onboarding to wait for the kickoff', WAIT_MS);
    expect(engine.getProcessInstance(key)?.state).toBe('ACTIVE');

    const kickoff = await request(baton.url).post('/api/onboardings/cust-full/kickoff-completed').set(auth);
    expect(kickoff.status).toBe(202);
    await eventually(
      async () => engine.getProcessInstance(key)?.state,
      (s) => s === 'COMPLETED',
      'the onboarding to complete',
      WAIT_MS,
    );
  });
});
