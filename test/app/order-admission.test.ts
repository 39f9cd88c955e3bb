/**
 * Admission control (issue 26): with ORDER_BACKLOG_LIMIT reached by unfinished orders (no worker runs), the
 * next POST /api/orders is refused with 503, Retry-After and a problem+json naming the backlog and the bound;
 * once workers have finished the backlog, orders are accepted again. A RESOURCE_EXHAUSTED from the engine's
 * gRPC gateway (its own backpressure, as a Zeebe cluster answers when overloaded) gets the same answer.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { HttpProblem } from '../../src/app/http/problem';
import { zeebeProcessCommands } from '../../src/app/process-commands/zeebe-process-commands';
import { BACKLOG_RETRY_AFTER_SECONDS, orderAdmission } from '../../src/app/routes/order-admission';
import { loadConfig } from '../../src/config';
import { type RunningWorkers, startWorkers } from '../../workers/start-workers';
import { openTestDatabase } from '../data/test-database';
import { startEmbeddedEngine } from '../support/engine';
import { eventually } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';
import { API_KEY, expectProblem, silentLogger, startTestApp, type TestApp } from './app-harness';

const AUTH = { Authorization: `Bearer ${API_KEY}` };
const order = { customerId: 'customer-1', items: [{ sku: 'SKU-MUG', quantity: 1 }], amount: 9.5, currency: 'EUR' };

describe('orders API: admission control on the backlog of unfinished orders', () => {
  let t: TestApp;
  let workers: RunningWorkers | undefined;
  beforeAll(async () => {
    t = await startTestApp({ engine: true, overrides: { orderBacklogLimit: 2 } });
  });
  afterAll(async () => {
    await workers?.close();
    await t?.close();
  });
  const place = (orderId: string) =>
    request(t.app)
      .post('/api/orders')
      .set(AUTH)
      .send({ ...order, orderId });

  test('refuses with 503 + Retry-After at the bound, and accepts again once the backlog has drained', async () => {
    // no worker runs: the first two orders stay in progress
    expect((await place('backlog-1')).status).toBe(201);
    expect((await place('backlog-2')).status).toBe(201);

    const refused = await place('backlog-3');
    const problem = expectProblem(refused, 503);
    expect(refused.headers['retry-after']).toBe(String(BACKLOG_RETRY_AFTER_SECONDS));
    expect(problem.detail).toContain('2 orders are unfinished');
    expect(problem.detail).toContain('ORDER_BACKLOG_LIMIT');
    expect(problem).toEqual(expect.objectContaining({ unfinishedOrders: 2, orderBacklogLimit: 2 }));
    // nothing of the refused order was stored or started
    expect(await t.repositories.orders.get('backlog-3')).toBeUndefined();

    // the workers finish the backlog: orders are taken again (the count is re-read within a fraction of a second)
    const zeebe = t.engine?.zeebe;
    if (!zeebe) throw new Error('the test app has no engine');
    workers = startWorkers({ zeebe, db: t.db, logger: silentLogger(), pollIntervalMs: 20 });
    await eventually(
      () => t.repositories.orders.countInProgress(),
      (n) => n === 0,
      'the backlog to drain',
      15_000,
    );
    const accepted = await eventually(
      () => place('backlog-3'),
      (res) => res.status !== 503,
      'the order to be accepted again',
      5_000,
    );
    expect(accepted.status).toBe(201);
  });
});

describe('orders API: RESOURCE_EXHAUSTED from the engine', () => {
  test("the gateway's backpressure gets the same 503 + Retry-After answer", async () => {
    // a gateway that takes no command in flight: every CreateProcessInstance is RESOURCE_EXHAUSTED
    const engine = await startEmbeddedEngine({ maxInFlight: 0, logLevel: 'silent' });
    const t = await startTestApp({ processes: zeebeProcessCommands(engine.zeebe) });
    try {
      const res = await request(t.app)
        .post('/api/orders')
        .set(AUTH)
        .send({ ...order, orderId: 'while-busy' });
      const problem = expectProblem(res, 503);
      expect(res.headers['retry-after']).toBe(String(BACKLOG_RETRY_AFTER_SECONDS));
      expect(problem.detail).toMatch(/the engine takes no more for now .*retry shortly/);
    } finally {
      await t.close();
      await engine.close();
    }
  });
});

describe('orders API on a cluster whose gateway sheds load', () => {
  test('RESOURCE_EXHAUSTED on create gets the same 503 at once, not after the SDK retried it for seconds', async () => {
    const engine = await startEmbeddedEngine({ maxInFlight: 0, logLevel: 'silent' });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-admission-cluster-'));
    // the app as npm start runs it against a cluster: its SDK client with its default retries on
    const baton = await startTestBaton({
      dataDir,
      env: {
        API_KEY,
        ZEEBE_GRPC_ADDRESS: engine.grpcAddress,
        ...(engine.restAddress ? { ZEEBE_REST_ADDRESS: engine.restAddress } : {}),
      },
      openDatabase: openTestDatabase,
      workers: { taskTypes: [] },
    });
    try {
      const started = Date.now();
      const res = await request(baton.url)
        .post('/api/orders')
        .set(AUTH)
        .send({ ...order, orderId: 'while-the-cluster-is-busy' });
      const problem = expectProblem(res, 503);
      expect(res.headers['retry-after']).toBe(String(BACKLOG_RETRY_AFTER_SECONDS));
      expect(problem.detail).toMatch(/the engine takes no more for now/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await baton.close(5_000);
      await engine.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('orderAdmission', () => {
  test('a burst of concurrent requests is bounded too; the count is read again after a moment', async () => {
    let clock = 0;
    let unfinished = 0;
    let readings = 0;
    const admission = orderAdmission({
      limit: 3,
      countUnfinished: async () => {
        readings++;
        return unfinished;
      },
      now: () => clock,
    });
    const burst = await Promise.allSettled(Array.from({ length: 10 }, () => admission.admit()));
    expect(burst.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = burst.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(HttpProblem);
    expect(readings).toBe(1); // the burst shared one reading
    // the workers finished two of them; the next reading sees it
    unfinished = 1;
    clock += 100;
    await expect(admission.admit()).resolves.toBeUndefined();
    await expect(admission.admit()).resolves.toBeUndefined();
    await expect(admission.admit()).rejects.toBeInstanceOf(HttpProblem);
    expect(readings).toBe(2);
  });
});

describe('ORDER_BACKLOG_LIMIT on the app as npm start runs it', () => {
  test('the setting bounds POST /api/orders', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-admission-'));
    const baton = await startTestBaton({
      dataDir,
      env: { API_KEY, ORDER_BACKLOG_LIMIT: '1' },
      openDatabase: openTestDatabase,
      workers: { taskTypes: [] },
    });
    try {
      const place = () => request(baton.url).post('/api/orders').set(AUTH).send(order);
      expect((await place()).status).toBe(201);
      const refused = await place();
      expect(refused.status).toBe(503);
      expect(refused.body.detail).toContain('at the bound of 1 (ORDER_BACKLOG_LIMIT)');
    } finally {
      await baton.close(5_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('ORDER_BACKLOG_LIMIT', () => {
  test('is a whole number of orders (0: no bound); anything else names the variable', () => {
    expect(loadConfig({ ORDER_BACKLOG_LIMIT: '250' }).orderBacklogLimit).toBe(250);
    expect(loadConfig({ ORDER_BACKLOG_LIMIT: '0' }).orderBacklogLimit).toBe(0);
    expect(loadConfig({}).orderBacklogLimit).toBeUndefined();
    expect(() => loadConfig({ ORDER_BACKLOG_LIMIT: 'many' })).toThrow(/ORDER_BACKLOG_LIMIT must be a whole number/);
    expect(() => loadConfig({ ORDER_BACKLOG_LIMIT: '-1' })).toThrow(/ORDER_BACKLOG_LIMIT must be a whole number/);
  });
});
