/**
 * POST /api/orders/{id}/cancellation on the embedded engine with the real workers: an order whose shipping
 * is held mid-booking is cancelled through the API; the payment is refunded, the stock released, the booking
 * in flight voided and the order ends cancelled, each exactly once (its stage events say so too). A finished
 * order is a 409 naming its status, an unknown one a 404.
 */
import request from 'supertest';
import { createStageEventLog } from '../../src/events/stage-event-log';
import { type RunningWorkers, startWorkers } from '../../workers/start-workers';
import type { JobHandler } from '../../workers/worker-definition';
import { eventually } from '../support/eventually';
import { AUTH, expectProblem, silentLogger, startTestApp, type TestApp } from './app-harness';

const WAIT_MS = 15_000;

describe('order cancellation API', () => {
  let t: TestApp;
  let workers: RunningWorkers;
  /** create-shipment jobs of these orders wait until the test lets them go */
  const held = new Map<string, { release: () => void; reached: boolean; gate: Promise<void> }>();
  const hold = (orderId: string) => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entry = { release, reached: false, gate };
    held.set(orderId, entry);
    return entry;
  };

  beforeAll(async () => {
    t = await startTestApp({ engine: true });
    const zeebe = t.engine?.zeebe;
    if (!zeebe) throw new Error('the test app has no engine');
    type Handler = JobHandler<{ orderId: string }, Record<string, unknown>>;
    workers = startWorkers({
      zeebe,
      db: t.db,
      logger: silentLogger(),
      handlerOverrides: {
        'create-shipment': (real: Handler) => async (input, job) => {
          const entry = held.get(input.orderId);
          if (entry) {
            entry.reached = true;
            await entry.gate;
          }
          return real(input, job);
        },
      },
    });
  });
  afterAll(async () => {
    for (const entry of held.values()) entry.release();
    await t.engine?.close();
    await workers?.close();
    await t.close();
  });

  const place = (orderId: string) =>
    request(t.app)
      .post('/api/orders')
      .set(AUTH)
      .send({
        orderId,
        customerId: 'customer-1',
        items: [{ sku: 'SKU-LAMP', quantity: 3 }],
        amount: 89.7,
        currency: 'EUR',
      })
      .expect(201);
  const cancel = (orderId: string) => request(t.app).post(`/api/orders/${orderId}/cancellation`).set(AUTH);
  const finished = (orderId: string) =>
    eventually(
      async () => (await request(t.app).get(`/api/orders/${orderId}`)).body,
      (body) => body.status !== 'in_progress',
      `order ${orderId} to finish`,
      WAIT_MS,
    );
  const lampStock = async () => (await t.repositories.inventory.list()).find((l) => l.sku === 'SKU-LAMP');

  it('cancels an order while it ships: refunds, releases the stock, voids the booking, once', async () => {
    const stockBefore = await lampStock();
    const balanceBefore = await t.repositories.payments.accountBalance('customer-1', 'EUR');
    const shipping = hold('o-cancel-1');
    await place('o-cancel-1');
    await eventually(
      async () => shipping.reached,
      (reached) => reached,
      'create-shipment to be reached',
      WAIT_MS,
    );

    const res = await cancel('o-cancel-1');
    expect(res.status).toBe(202);
    expect(res.body).toEqual(expect.objectContaining({ id: 'o-cancel-1', status: 'in_progress', amount: 89.7 }));

    const order = await finished('o-cancel-1');
    expect(order).toEqual(
      expect.objectContaining({ status: 'cancelled', statusReason: 'cancelled on request', carrier: null }),
    );
    // the booking that was in flight now fails instead of shipping the cancelled order
    shipping.release();
    await new Promise((resolve) => setTimeout(resolve, 300));

    const ledger = await t.repositories.payments.ledger('o-cancel-1');
    expect(ledger.map((p) => [p.kind, p.amountMinor])).toEqual([
      ['charge', 8970],
      ['refund', 8970],
    ]);
    expect(await t.repositories.payments.accountBalance('customer-1', 'EUR')).toBe(balanceBefore);
    expect(await lampStock()).toEqual(stockBefore);
    expect(await t.repositories.shipments.get('o-cancel-1')).toMatchObject({ status: 'cancelled', carrierCode: null });

    const events = await createStageEventLog(t.db).list({ subject: 'o-cancel-1' });
    expect(events.map((e) => e.type)).toEqual([
      'order.placed',
      'order.payment.charged',
      'order.inventory.reserved',
      'order.inventory.released',
      'order.payment.refunded',
      'order.cancelled',
    ]);

    // cancelled already: 409, and nothing runs a second time
    const again = expectProblem(await cancel('o-cancel-1'), 409);
    expect(again.detail).toBe('Cannot cancel order o-cancel-1: it is cancelled already');
    expect(await t.repositories.payments.ledger('o-cancel-1')).toHaveLength(2);
  });

  it('refuses to cancel a completed order (409 naming its status) and leaves it completed', async () => {
    await place('o-cancel-done');
    expect((await finished('o-cancel-done')).status).toBe('completed');
    const body = expectProblem(await cancel('o-cancel-done'), 409);
    expect(body.detail).toBe('Cannot cancel order o-cancel-done: it is completed already');
    expect(body).toEqual(expect.objectContaining({ orderId: 'o-cancel-done', orderStatus: 'completed' }));
    expect((await t.repositories.payments.ledger('o-cancel-done')).map((p) => p.kind)).toEqual(['charge']);
  });

  it('shows the carrier the decision shipping-carrier chose: ParcelCo for a lamp, SwiftShip insured from 1,000', async () => {
    await place('o-carrier-lamp');
    expect(await finished('o-carrier-lamp')).toEqual(
      expect.objectContaining({ status: 'completed', carrier: 'parcelco' }),
    );
    await request(t.app)
      .post('/api/orders')
      .set(AUTH)
      .send({
        orderId: 'o-carrier-chairs',
        customerId: 'customer-2',
        items: [{ sku: 'SKU-CHAIR', quantity: 10 }],
        amount: 1_200,
        currency: 'EUR',
      })
      .expect(201);
    expect(await finished('o-carrier-chairs')).toEqual(
      expect.objectContaining({ status: 'completed', carrier: 'swiftship' }),
    );
  });

  it('answers 404 for an unknown order and 401 without the API key', async () => {
    const body = expectProblem(await cancel('o-nobody'), 404);
    expect(body.detail).toContain('o-nobody');
    expect((await request(t.app).post('/api/orders/o-nobody/cancellation')).status).toBe(401);
  });

  it('names an unknown body field (400)', async () => {
    const body = expectProblem(await cancel('o-cancel-done').send({ reason: 'x' }), 400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
  });
});
