/**
 * An order with the caller's orderId and the start of its process are one unit: a start that was refused
 * or cut off between writing the row and starting (a crash) is finished by placing the same order again or
 * by the start-up repair, never left `in_progress` without an instance answering 409 forever; the same id
 * with other content stays a 409 that changes nothing, and no retry starts a second instance while the
 * first attempt may still be starting it.
 */
import pino from 'pino';
import request from 'supertest';
import { repairUnstartedOrders } from '../../src/app/process-starts/order-starts';
import { pollFor } from '../support/eventually';
import { AUTH, expectProblem, startTestApp, type TestApp } from './app-harness';
import { controllableStarts } from './controllable-starts';

const content = {
  customerId: 'customer-1',
  items: [{ sku: 'SKU-BOOK', quantity: 2 }],
  amount: 49.9,
  currency: 'EUR',
};

describe('an order whose process did not start', () => {
  let t: TestApp;
  const { processes, next, starts, reset } = controllableStarts('order-fulfilment');
  let earlierInstances: string[] = [];
  const processState = {
    read: async () => undefined,
    findInstanceKeys: async () => earlierInstances,
  };
  beforeAll(async () => {
    t = await startTestApp({ processes, processState });
  });
  afterEach(() => {
    reset();
    earlierInstances = [];
  });
  afterAll(() => t.close());

  const place = (orderId: string, body: object = content) =>
    request(t.app)
      .post('/api/orders')
      .set(AUTH)
      .send({ ...body, orderId });
  const row = async (id: string) =>
    (await t.db.query('SELECT * FROM orders WHERE id = $1', [id])).rows[0] as Record<string, unknown> | undefined;
  /** The claim of a cut-off start is older than any start may take. */
  const ageClaim = (id: string) =>
    t.db.query(`UPDATE orders SET start_claimed_at = now() - interval '1 hour' WHERE id = $1`, [id]);

  it('after a refused start, placing the same order again starts it', async () => {
    next.refuse = true;
    expectProblem(await place('order-refused-then-placed'), 503);
    expect(await t.repositories.orders.get('order-refused-then-placed')).toMatchObject({
      status: 'cancelled',
      statusReason: expect.stringContaining('not reachable'),
      processInstanceKey: null,
    });

    next.refuse = false;
    const before = starts().length;
    const retried = await place('order-refused-then-placed');
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual({
      id: 'order-refused-then-placed',
      status: 'in_progress',
      processInstanceKey: expect.stringMatching(/^\d+$/),
    });
    expect(starts().length).toBe(before + 1);
    expect(starts().at(-1)?.args).toEqual(['order-fulfilment', { orderId: 'order-refused-then-placed', ...content }]);
    expect(await t.repositories.orders.get('order-refused-then-placed')).toMatchObject({
      status: 'in_progress',
      statusReason: null,
      processInstanceKey: retried.body.processInstanceKey,
    });

    // started now: the same order again is a conflict, and starts nothing
    const again = await place('order-refused-then-placed');
    expectProblem(again, 409);
    expect(starts().length).toBe(before + 1);
  });

  it('after a refused start, other content under the same orderId is 409 and changes nothing', async () => {
    next.refuse = true;
    expectProblem(await place('order-refused-other-content'), 503);
    next.refuse = false;
    const stored = await row('order-refused-other-content');
    const before = starts().length;
    for (const other of [
      { ...content, amount: 50 },
      { ...content, customerId: 'customer-2' },
      { ...content, items: [{ sku: 'SKU-BOOK', quantity: 3 }] },
      { ...content, currency: 'USD' },
    ]) {
      const res = await place('order-refused-other-content', other);
      expect(expectProblem(res, 409).detail).toContain('exists already');
    }
    expect(await row('order-refused-other-content')).toEqual(stored);
    expect(starts().length).toBe(before);
  });

  it('while the first request is still starting it, the same order again is 409 and starts nothing', async () => {
    let release = () => {};
    next.hold = new Promise((resolve) => {
      release = resolve;
    });
    const before = starts().length;
    const first = place('order-in-flight').then((res) => res);
    await pollFor('the first request to write its row', () => row('order-in-flight'));
    const second = await place('order-in-flight');
    expect(expectProblem(second, 409).detail).toContain('being started');
    expect(second.headers['retry-after']).toBe('30');
    release();
    expect((await first).status).toBe(201);
    expect(starts().length).toBe(before + 1);
  });

  it('cut off between the row and the start: a retry once the claim timed out starts it', async () => {
    // what a crash between the two steps leaves: the row, claimed, without an instance
    await t.repositories.orders.create({ id: 'order-cut-off', ...content, amountMinor: 4990 });
    expectProblem(await place('order-cut-off'), 409); // the claim may still be a running request's
    await ageClaim('order-cut-off');
    const retried = await place('order-cut-off');
    expect(retried.status).toBe(201);
    expect((await t.repositories.orders.get('order-cut-off'))?.processInstanceKey).toBe(
      retried.body.processInstanceKey,
    );
  });

  it('cut off after the engine started it: a retry attaches that instance and starts no second one', async () => {
    await t.repositories.orders.create({ id: 'order-started-then-cut', ...content, amountMinor: 4990 });
    await ageClaim('order-started-then-cut');
    earlierInstances = ['2251799813699999'];
    const before = starts().length;
    const retried = await place('order-started-then-cut');
    expect(retried.status).toBe(201);
    expect(retried.body.processInstanceKey).toBe('2251799813699999');
    expect(starts().length).toBe(before);
    expect((await t.repositories.orders.get('order-started-then-cut'))?.processInstanceKey).toBe('2251799813699999');
  });

  it('a start whose answer never came leaves the order in progress; a retry attaches the instance it made', async () => {
    next.timeOut = true;
    expectProblem(await place('order-timed-out'), 503);
    next.timeOut = false;
    // it may have started: not cancelled, and not claimed, so register-order, a retry or the repair may finish it
    expect(await t.repositories.orders.get('order-timed-out')).toMatchObject({
      status: 'in_progress',
      processInstanceKey: null,
    });
    expect((await t.repositories.orders.listUnstarted(60_000)).map((o) => o.id)).toContain('order-timed-out');
    earlierInstances = ['2251799813699997'];
    const before = starts().length;
    const retried = await place('order-timed-out');
    expect(retried.status).toBe(201);
    expect(retried.body.processInstanceKey).toBe('2251799813699997');
    expect(starts().length).toBe(before);
  });

  it('the start-up repair starts every order left without an instance, and closes one whose start is refused', async () => {
    await t.repositories.orders.create({ id: 'order-orphan-a', ...content, amountMinor: 4990 });
    await t.repositories.orders.create({ id: 'order-orphan-b', ...content, amountMinor: 1000, currency: 'USD' });
    const deps = { orders: t.repositories.orders, processes, processState };
    const logger = pino({ level: 'silent' });
    // a claim younger than the timeout may be a running request's: left alone
    expect(await repairUnstartedOrders(deps, { claimTimeoutMs: 60_000, logger })).toEqual({ started: [], refused: [] });

    const repaired = await repairUnstartedOrders(deps, { claimTimeoutMs: 0, logger });
    expect(repaired.started).toEqual(expect.arrayContaining(['order-orphan-a', 'order-orphan-b']));
    expect(starts().at(-1)?.args).toEqual([
      'order-fulfilment',
      { orderId: 'order-orphan-b', ...content, amount: 10, currency: 'USD' },
    ]);
    for (const id of ['order-orphan-a', 'order-orphan-b']) {
      expect((await t.repositories.orders.get(id))?.processInstanceKey).toMatch(/^\d+$/);
    }
    expect(await t.repositories.orders.listUnstarted(0)).toEqual([]);

    await t.repositories.orders.create({ id: 'order-orphan-refused', ...content, amountMinor: 4990 });
    next.refuse = true;
    expect(await repairUnstartedOrders(deps, { claimTimeoutMs: 0, logger })).toEqual({
      started: [],
      refused: ['order-orphan-refused'],
    });
    expect(await t.repositories.orders.get('order-orphan-refused')).toMatchObject({
      status: 'cancelled',
      statusReason: expect.stringContaining('not reachable'),
    });
    next.refuse = false;
    expect((await place('order-orphan-refused')).status).toBe(201);
  });
});
