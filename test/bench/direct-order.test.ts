/**
 * The direct baseline of the orchestration-overhead and latency bench rows (bench/direct-order.ts) does an
 * order's real work: each order it places ends `completed` with its charge, reservation, shipment (with the
 * carrier the decision chose) and confirmation written, and an order its steps cannot complete is an error,
 * not a figure.
 */
import { type DirectOrders, directOrders, type OrderRequest } from '../../bench/direct-order';
import type { Database } from '../../src/data/database';
import { seedDemoData } from '../../src/data/seed';
import { openTestDatabase } from '../data/test-database';

describe('the direct order baseline', () => {
  let db: Database;
  let orders: DirectOrders;
  const mug: OrderRequest = {
    customerId: 'customer-1',
    items: [{ sku: 'SKU-MUG', quantity: 2 }],
    amount: 12.5,
    currency: 'EUR',
  };
  // shipping-carrier: under 50 goes with parcelco, 250 to 1,000 with swiftship
  const lamp: OrderRequest = {
    customerId: 'customer-2',
    items: [{ sku: 'SKU-LAMP', quantity: 1 }],
    amount: 300,
    currency: 'EUR',
  };

  const one = async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows[0];

  beforeAll(async () => {
    db = await openTestDatabase();
    await seedDemoData(db);
    orders = await directOrders(db);
  });
  afterAll(() => db.close());

  it('runs each order to completed with every effect of the happy path written', async () => {
    await Promise.all([orders.place(mug, 'order-direct-1'), orders.place(lamp, 'order-direct-2')]);

    for (const [id, request, carrier] of [
      ['order-direct-1', mug, 'parcelco'],
      ['order-direct-2', lamp, 'swiftship'],
    ] as const) {
      expect(
        await one('SELECT status, process_instance_key IS NOT NULL AS linked FROM orders WHERE id = $1', [id]),
      ).toEqual({
        status: 'completed',
        linked: true,
      });
      expect(await one('SELECT kind, amount_minor FROM payments WHERE order_id = $1', [id])).toEqual({
        kind: 'charge',
        amount_minor: request.amount * 100,
      });
      expect(await one('SELECT status FROM reservations WHERE order_id = $1', [id])).toEqual({ status: 'reserved' });
      expect(await one('SELECT status, carrier_code FROM shipments WHERE order_id = $1', [id])).toEqual({
        status: 'created',
        carrier_code: carrier,
      });
      expect(
        await one('SELECT topic, recipient FROM outbox WHERE idempotency_key = $1', [`order:${id}:confirmation`]),
      ).toEqual({
        topic: 'order-confirmation',
        recipient: request.customerId,
      });
    }
    expect(await one('SELECT available, reserved FROM inventory WHERE sku = $1', ['SKU-MUG'])).toEqual({
      available: 98,
      reserved: 2,
    });
    expect(
      await one('SELECT balance_minor FROM payment_accounts WHERE customer_id = $1 AND currency = $2', [
        'customer-2',
        'EUR',
      ]),
    ).toEqual({ balance_minor: 1_000_000 - 30_000 });
  });

  it('fails an order its steps cannot complete instead of counting it', async () => {
    await db.query('UPDATE inventory SET available = 0 WHERE sku = $1', ['SKU-BOOK']);
    const book: OrderRequest = { ...mug, items: [{ sku: 'SKU-BOOK', quantity: 1 }] };
    await expect(orders.place(book, 'order-direct-3')).rejects.toThrow(
      /reserve-inventory did not complete.*OUT_OF_STOCK/,
    );
    await expect(orders.place({ ...mug, amount: -1 }, 'order-direct-4')).rejects.toThrow(/amount/);
  });
});
