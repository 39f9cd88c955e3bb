/**
 * A crash between writing an order and starting its process, then a restart on the same DATA_DIR (engine
 * journal and PGlite on disk): the start-up repair starts the order left without an instance, and attaches
 * (instead of starting again) the one whose instance the engine had started before the crash, and starts an
 * onboarding recorded but not started. Afterwards
 * each order has exactly one instance and the same orderId again is a plain 409.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { createRepositories } from '../../src/data';
import { startTestBaton } from '../support/test-baton';

const API_KEY = 'order-restart-key-0123456789';
// the app starts twice on an on-disk PGlite (the first start creates it)
jest.setTimeout(120_000);

const content = { customerId: 'customer-1', items: [{ sku: 'SKU-LAMP', quantity: 1 }], amount: 29.9, currency: 'EUR' };
const row = (id: string) => ({ id, ...content, amountMinor: 2990 });

describe('orders cut off between the row and the start, across a restart', () => {
  let dataDir: string;
  let baton: RunningBaton | undefined;
  const start = () => startTestBaton({ dataDir, env: { API_KEY }, workers: { taskTypes: [] } });

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-order-restart-'));
  });
  afterAll(async () => {
    await baton?.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Keys of the instances whose orderId variable is this order's. */
  const instancesOf = (running: RunningBaton, orderId: string) =>
    [...(running.engine?.listVariables() ?? [])]
      .filter((v) => v.name === 'orderId' && v.value === orderId)
      .map((v) => v.processInstanceKey);

  test('the restart starts the order that never started and attaches the one that did', async () => {
    baton = await start();
    const orders = createRepositories(baton.db).orders;
    // the crash came after the row was written, before the start
    await orders.create(row('order-cut-before-start'));
    // the crash came after the engine started the instance, before its key was written on the row
    const started = await baton.processes.startProcess('order-fulfilment', {
      orderId: 'order-cut-after-start',
      ...content,
    });
    await orders.create(row('order-cut-after-start'));
    // and an onboarding recorded, but cut off before its start
    const onboarding = { customerId: 'cust-cut-before-start', email: 'ada@example.com', company: 'Ada Ltd' };
    await createRepositories(baton.db).onboardingStarts.claim(onboarding, 0);
    await baton.close(5_000);
    baton = undefined;

    baton = await start();
    const api = request(baton.url);
    const before = (await api.get('/api/orders/order-cut-before-start')).body;
    expect(before).toMatchObject({ status: 'in_progress', processInstanceKey: expect.stringMatching(/^\d+$/) });
    expect(instancesOf(baton, 'order-cut-before-start')).toEqual([before.processInstanceKey]);
    const instance = await api.get(`/api/process-instances/${before.processInstanceKey}`);
    expect(instance.body).toMatchObject({
      bpmnProcessId: 'order-fulfilment',
      variables: { orderId: 'order-cut-before-start', ...content },
    });

    const after = (await api.get('/api/orders/order-cut-after-start')).body;
    expect(after).toMatchObject({ status: 'in_progress', processInstanceKey: started.processInstanceKey });
    expect(instancesOf(baton, 'order-cut-after-start')).toEqual([started.processInstanceKey]);

    const onboardingStart = await createRepositories(baton.db).onboardingStarts.get('cust-cut-before-start');
    expect(onboardingStart?.processInstanceKey).toMatch(/^\d+$/);
    expect(
      [...(baton.engine?.listVariables() ?? [])]
        .filter((v) => v.name === 'customerId' && v.value === 'cust-cut-before-start')
        .map((v) => v.processInstanceKey),
    ).toEqual([onboardingStart?.processInstanceKey]);

    const again = await api
      .post('/api/orders')
      .set({ Authorization: `Bearer ${API_KEY}` })
      .send({ ...content, orderId: 'order-cut-before-start' });
    expect(again.status).toBe(409);
    expect(instancesOf(baton, 'order-cut-before-start')).toHaveLength(1);
  });
});
