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
import {
  admissionBounds,
  BACKLOG_RETRY_AFTER_SECONDS,
  DEFAULT_ORDER_BACKLOG_LIMIT,
  DEFAULT_ORDER_BACKLOG_SECONDS,
  orderAdmission,
} from '../../src/app/routes/order-admission';
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

describe('orderAdmission by drain time (ORDER_BACKLOG_SECONDS)', () => {
  /** an admission on a fake clock whose workers finish `perSecond` orders a second while it is read */
  function drainingApp(opts: { limit?: number; seconds: number; floor: number }) {
    let clock = 0;
    let unfinished = 0;
    const admission = orderAdmission({ ...opts, countUnfinished: async () => unfinished, now: () => clock });
    return {
      admission,
      setUnfinished: (n: number) => {
        unfinished = n;
      },
      /** offers orders for `ms` (one attempt every 10 ms, the workers finishing `perSecond`); what was admitted */
      async flood(ms: number, perSecond: number) {
        let admitted = 0;
        let lastRefusal: HttpProblem | undefined;
        for (let t = 0; t < ms; t += 10) {
          clock += 10;
          unfinished = Math.max(0, unfinished - (perSecond * 10) / 1000);
          try {
            await admission.admit();
            admitted++;
            unfinished++;
          } catch (err) {
            lastRefusal = err as HttpProblem;
          }
        }
        return { admitted, unfinished, lastRefusal };
      },
    };
  }

  test('the backlog is bounded by the seconds of work it holds at the rate the workers finish orders', async () => {
    // a count bound of 1000 would admit 1000 orders: 50 s of work for these workers
    const app = drainingApp({ limit: 1000, seconds: 5, floor: 10 });
    const { unfinished, lastRefusal } = await app.flood(20_000, 20);
    expect(unfinished).toBeGreaterThan(80);
    expect(unfinished).toBeLessThanOrEqual(105); // 5 s × 20 orders/s, within a reading's admissions
    expect(lastRefusal).toBeInstanceOf(HttpProblem);
    expect(lastRefusal?.detail).toContain('ORDER_BACKLOG_SECONDS');
    expect(lastRefusal?.extensions).toEqual(
      expect.objectContaining({ orderBacklogSeconds: 5, completedOrdersPerSecond: 20 }),
    );
    expect(lastRefusal?.headers?.['Retry-After']).toBe('1');
  });

  test('faster workers get a larger backlog; the floor holds while the rate is low', async () => {
    const fast = await drainingApp({ seconds: 5, floor: 10 }).flood(20_000, 80);
    expect(fast.unfinished).toBeGreaterThan(350);
    expect(fast.unfinished).toBeLessThanOrEqual(420);
    // workers that finish nothing: the first second (no rate yet) only the count bound applies, then the floor
    const stuck = drainingApp({ seconds: 5, floor: 10 });
    expect((await stuck.flood(5_000, 0)).unfinished).toBe(110);
    expect((await stuck.flood(5_000, 0)).admitted).toBe(0);
  });

  test("Retry-After says about when there will be room at the workers' rate", async () => {
    const app = drainingApp({ limit: 100, seconds: 0, floor: 0 });
    await app.flood(3_000, 10);
    // other API processes' orders came in: 50 over the bound take the workers 5 s at 10 orders/s
    app.setUnfinished(150);
    const refusal = (await app.flood(100, 10)).lastRefusal;
    expect(refusal?.extensions).toEqual(expect.objectContaining({ orderBacklogLimit: 100 }));
    expect(Number(refusal?.headers?.['Retry-After'])).toBeGreaterThanOrEqual(4);
    expect(Number(refusal?.headers?.['Retry-After'])).toBeLessThanOrEqual(6);
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

  test('unset: the default bounds; ORDER_BACKLOG_LIMIT=0 turns the time bound off too (no admission control)', () => {
    const bounds = (env: Record<string, string>) => admissionBounds(loadConfig(env));
    expect(bounds({})).toEqual({
      orderBacklogLimit: DEFAULT_ORDER_BACKLOG_LIMIT,
      orderBacklogSeconds: DEFAULT_ORDER_BACKLOG_SECONDS,
    });
    expect(bounds({ ORDER_BACKLOG_LIMIT: '0' })).toEqual({ orderBacklogLimit: 0, orderBacklogSeconds: 0 });
    expect(bounds({ ORDER_BACKLOG_LIMIT: '0', ORDER_BACKLOG_SECONDS: '9' }).orderBacklogSeconds).toBe(0);
    expect(bounds({ ORDER_BACKLOG_SECONDS: '0' })).toEqual({ orderBacklogLimit: 1000, orderBacklogSeconds: 0 });
  });

  test('ORDER_BACKLOG_SECONDS is a whole number of seconds (0: no time bound)', () => {
    expect(loadConfig({ ORDER_BACKLOG_SECONDS: '8' }).orderBacklogSeconds).toBe(8);
    expect(loadConfig({ ORDER_BACKLOG_SECONDS: '0' }).orderBacklogSeconds).toBe(0);
    expect(loadConfig({}).orderBacklogSeconds).toBeUndefined();
    expect(() => loadConfig({ ORDER_BACKLOG_SECONDS: '2.5' })).toThrow(/ORDER_BACKLOG_SECONDS must be a whole number/);
  });
});
