import type { Database } from '../../src/data/database';
import {
  createOrdersRepository,
  OrderNotFoundError,
  OrderStatusConflictError,
} from '../../src/data/repositories/orders-repository';
import { clearAllData, openTestDatabase } from './test-database';

describe('orders repository', () => {
  let db: Database;
  let orders: ReturnType<typeof createOrdersRepository>;
  const order = {
    id: 'order-1',
    customerId: 'customer-1',
    items: [{ sku: 'SKU-1', quantity: 2 }],
    amountMinor: 4990,
    currency: 'EUR',
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    orders = createOrdersRepository(db);
  });
  afterAll(() => db.close());
  beforeEach(() => clearAllData(db));

  it('creates an order in progress, and returns the stored one when created again', async () => {
    const first = await orders.create(order);
    expect(first.created).toBe(true);
    expect(first.order).toMatchObject({
      ...order,
      status: 'in_progress',
      statusReason: null,
      processInstanceKey: null,
    });

    const second = await orders.create({ ...order, amountMinor: 1 });
    expect(second.created).toBe(false);
    expect(second.order.amountMinor).toBe(4990);
  });

  it('records the process instance once (first writer wins)', async () => {
    await orders.create(order);
    await orders.attachProcessInstance(order.id, '2251799813685249');
    await orders.attachProcessInstance(order.id, '9999');
    expect((await orders.get(order.id))?.processInstanceKey).toBe('2251799813685249');
  });

  it('creates several orders in one statement, in input order; an existing or repeated id is not created again', async () => {
    await orders.create({ ...order, id: 'order-old', amountMinor: 100 });
    const results = await orders.createMany([
      { ...order, id: 'order-a' },
      { ...order, id: 'order-old', amountMinor: 1 },
      { ...order, id: 'order-b', items: [{ sku: 'SKU-2', quantity: 1 }], processInstanceKey: '2251799813685250' },
      { ...order, id: 'order-a', amountMinor: 2 },
    ]);
    expect(results.map((r) => [r.order.id, r.created])).toEqual([
      ['order-a', true],
      ['order-old', false],
      ['order-b', true],
      ['order-a', false],
    ]);
    expect(results[1].order.amountMinor).toBe(100);
    expect(await orders.get('order-a')).toMatchObject({ amountMinor: 4990, items: order.items });
    expect(await orders.get('order-b')).toMatchObject({
      items: [{ sku: 'SKU-2', quantity: 1 }],
      processInstanceKey: '2251799813685250',
    });
  });

  it('attaches several process instances in one statement, leaving an attached one as it was', async () => {
    await orders.createMany([
      { ...order, id: 'order-a' },
      { ...order, id: 'order-b', processInstanceKey: '1111' },
    ]);
    await orders.attachProcessInstances([
      { id: 'order-a', processInstanceKey: '2222' },
      { id: 'order-b', processInstanceKey: '3333' },
    ]);
    expect((await orders.get('order-a'))?.processInstanceKey).toBe('2222');
    expect((await orders.get('order-b'))?.processInstanceKey).toBe('1111');
  });

  it('moves to one final status; the same status again is a no-op, another one is refused', async () => {
    await orders.create(order);
    const cancelled = await orders.setFinalStatus(order.id, 'cancelled', 'out of stock: SKU-1');
    expect(cancelled).toMatchObject({
      changed: true,
      order: { status: 'cancelled', statusReason: 'out of stock: SKU-1' },
    });

    const again = await orders.setFinalStatus(order.id, 'cancelled', 'ignored');
    expect(again).toMatchObject({
      changed: false,
      order: { status: 'cancelled', statusReason: 'out of stock: SKU-1' },
    });

    await expect(orders.setFinalStatus(order.id, 'completed')).rejects.toThrow(OrderStatusConflictError);
    await expect(orders.setFinalStatus(order.id, 'completed')).rejects.toThrow(
      'Order order-1 is already cancelled; it cannot become completed',
    );
  });

  it('refuses a status for an unknown order', async () => {
    await expect(orders.setFinalStatus('nope', 'completed')).rejects.toThrow(OrderNotFoundError);
  });

  it('lists orders by status', async () => {
    await orders.create(order);
    await orders.create({ ...order, id: 'order-2' });
    await orders.setFinalStatus('order-2', 'rejected');
    expect((await orders.list({ status: 'rejected' })).map((o) => o.id)).toEqual(['order-2']);
    expect((await orders.list()).map((o) => o.id).sort()).toEqual(['order-1', 'order-2']);
  });

  it('rejects rows that break the schema (status, amount)', async () => {
    await expect(orders.create({ ...order, id: 'zero', amountMinor: 0 })).rejects.toThrow(/check constraint/);
    await orders.create(order);
    await expect(db.query(`UPDATE orders SET status = 'shipped' WHERE id = $1`, [order.id])).rejects.toThrow(
      /check constraint/,
    );
  });

  describe('starting an order written before its process', () => {
    const MINUTE = 60_000;

    it('a row written without an instance is claimed: a second claim waits until the first is older than the timeout', async () => {
      await orders.create(order);
      expect(await orders.claimStart(order.id, MINUTE)).toBeUndefined();
      expect(await orders.listUnstarted(MINUTE)).toEqual([]);
      // cut off (a crash between the write and the start): once the claim is old it is claimed again
      expect(await orders.claimStart(order.id, 0)).toMatchObject({ id: order.id, status: 'in_progress' });
      expect(await orders.claimStart(order.id, MINUTE)).toBeUndefined();
    });

    it('a row from before the claim column (no claim) is unstarted at once', async () => {
      await orders.create(order);
      await db.query('UPDATE orders SET start_claimed_at = NULL WHERE id = $1', [order.id]);
      expect((await orders.listUnstarted(MINUTE)).map((o) => o.id)).toEqual([order.id]);
      expect(await orders.claimStart(order.id, MINUTE)).toMatchObject({ id: order.id });
    });

    it('attaching the instance ends the claim: nothing to start any more', async () => {
      await orders.create(order);
      await orders.create({ ...order, id: 'order-2' });
      await orders.attachProcessInstances([
        { id: order.id, processInstanceKey: '2251799813685249' },
        { id: 'order-2', processInstanceKey: '2251799813685250' },
      ]);
      expect(await orders.listUnstarted(0)).toEqual([]);
      expect(await orders.claimStart(order.id, 0)).toBeUndefined();
      await orders.create({ ...order, id: 'order-3' });
      await orders.attachProcessInstance('order-3', '2251799813685251');
      expect(await orders.claimStart('order-3', 0)).toBeUndefined();
    });

    it('a refused start closes the order as cancelled with the reason; a new claim reopens it', async () => {
      await orders.create(order);
      await orders.failStart(order.id, 'no process order-fulfilment is deployed');
      expect(await orders.get(order.id)).toMatchObject({
        status: 'cancelled',
        statusReason: 'no process order-fulfilment is deployed',
        processInstanceKey: null,
      });
      expect(await orders.listUnstarted(0)).toEqual([]);
      expect(await orders.claimStart(order.id, MINUTE)).toMatchObject({ status: 'in_progress', statusReason: null });
      expect(await orders.claimStart(order.id, MINUTE)).toBeUndefined();
    });

    it('an order with its instance is never reopened or failed', async () => {
      await orders.create({ ...order, processInstanceKey: '2251799813685249' });
      await orders.failStart(order.id, 'late refusal');
      expect(await orders.get(order.id)).toMatchObject({ status: 'in_progress', statusReason: null });
      await orders.setFinalStatus(order.id, 'cancelled', 'by the process');
      expect(await orders.claimStart(order.id, 0)).toBeUndefined();
      expect((await orders.get(order.id))?.status).toBe('cancelled');
    });
  });
});
