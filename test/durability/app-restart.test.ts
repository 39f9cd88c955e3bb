/**
 * The app restarts without losing orders: startBaton on a DATA_DIR (PGlite on disk, the engine's journal
 * under DATA_DIR/engine), orders placed through the API while one step has no worker, the app stopped and
 * started again on the same DATA_DIR. The orders are still there, with their process instances, and now
 * run to completion; each confirmation is queued once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { allWorkers } from '../../workers/worker-registry';
import { eventually } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';

const API_KEY = 'restart-test-key-0123456789';
const auth = { Authorization: `Bearer ${API_KEY}` };

describe('the app restarts without losing orders', () => {
  let dataDir: string;
  let baton: RunningBaton | undefined;

  const start = (taskTypes?: string[]) =>
    startTestBaton({ dataDir, env: { API_KEY }, workers: taskTypes ? { taskTypes } : {} });

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-app-restart-'));
  });
  afterAll(async () => {
    await baton?.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('orders placed before a restart are still there afterwards and complete', async () => {
    // first run: every worker but notify-customer, so the orders stop just before their confirmation
    baton = await start(allWorkers.map((w) => w.taskType).filter((t) => t !== 'notify-customer'));
    const ids: { id: string; processInstanceKey: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await request(baton.url)
        .post('/api/orders')
        .set(auth)
        .send({ customerId: 'customer-1', items: [{ sku: 'SKU-LAMP', quantity: 1 }], amount: 29.9, currency: 'EUR' });
      expect(created.status).toBe(201);
      ids.push({ id: created.body.id, processInstanceKey: created.body.processInstanceKey });
    }
    const first = baton;
    await eventually(
      async () =>
        [...(first.engine?.listJobs() ?? [])].filter((j) => j.type === 'notify-customer' && j.state === 'CREATED')
          .length,
      (n) => n === ids.length,
      'every order to wait at notify-customer',
      20_000,
    );
    await first.close(5_000);
    baton = undefined;

    // second run on the same DATA_DIR, with every worker
    baton = await start();
    const second = baton;
    for (const { id, processInstanceKey } of ids) {
      const order = await eventually(
        async () => (await request(second.url).get(`/api/orders/${id}`)).body,
        (body) => body.status === 'completed',
        `order ${id} to complete after the restart`,
        20_000,
      );
      expect(order).toMatchObject({ id, processInstanceKey });
      // the worker writes the order's status just before it completes its job: the instance ends right after
      await eventually(
        async () => second.engine?.getProcessInstance(processInstanceKey)?.state,
        (state) => state === 'COMPLETED',
        `instance ${processInstanceKey} to complete after the restart`,
        20_000,
      );
    }
    const confirmations = await second.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE topic = 'order-confirmation'`,
    );
    expect(confirmations.rows[0].n).toBe(ids.length);
  }, 90_000);
});
