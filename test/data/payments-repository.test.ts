import type { Database } from '../../src/data/database';
import { createOrdersRepository } from '../../src/data/repositories/orders-repository';
import { createPaymentsRepository } from '../../src/data/repositories/payments-repository';
import { clearAllData, openTestDatabase } from './test-database';

describe('payments repository', () => {
  let db: Database;
  let payments: ReturnType<typeof createPaymentsRepository>;
  const charge = { orderId: 'order-1', customerId: 'customer-1', amountMinor: 3000, currency: 'EUR' };

  beforeAll(async () => {
    db = await openTestDatabase();
    payments = createPaymentsRepository(db);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await clearAllData(db);
    await payments.setAccountBalance('customer-1', 'EUR', 10_000);
  });

  it('charges once per order, debiting the account once', async () => {
    const first = await payments.charge(charge);
    expect(first).toMatchObject({
      status: 'charged',
      alreadyCharged: false,
      payment: { kind: 'charge', amountMinor: 3000 },
    });
    const second = await payments.charge(charge);
    expect(second).toMatchObject({ status: 'charged', alreadyCharged: true });
    expect(await payments.ledger('order-1')).toHaveLength(1);
    expect(await payments.accountBalance('customer-1', 'EUR')).toBe(7000);
  });

  it('declines without funds or without an account, moving no money', async () => {
    const broke = await payments.charge({ ...charge, amountMinor: 10_001 });
    expect(broke).toEqual({ status: 'declined', reason: expect.stringContaining('insufficient funds') });
    const stranger = await payments.charge({ ...charge, orderId: 'order-2', customerId: 'nobody' });
    expect(stranger).toEqual({ status: 'declined', reason: 'customer nobody has no EUR payment account' });
    const wrongCurrency = await payments.charge({ ...charge, orderId: 'order-3', currency: 'USD' });
    expect(wrongCurrency.status).toBe('declined');
    expect(await payments.ledger()).toEqual([]);
    expect(await payments.accountBalance('customer-1', 'EUR')).toBe(10_000);
  });

  it('answers a declined order the same way again, even after money came in', async () => {
    const first = await payments.charge({ ...charge, amountMinor: 10_001 });
    await payments.setAccountBalance('customer-1', 'EUR', 1_000_000);
    expect(await payments.charge({ ...charge, amountMinor: 10_001 })).toEqual(first);
    expect(await payments.ledger()).toEqual([]);
    expect(await payments.accountBalance('customer-1', 'EUR')).toBe(1_000_000);
  });

  it('two deliveries of one charge at the same moment move the money once', async () => {
    const both = await Promise.all([payments.charge(charge), payments.charge(charge)]);
    expect(both.map((r) => r.status === 'charged' && r.alreadyCharged).sort()).toEqual([false, true]);
    expect(await payments.ledger('order-1')).toHaveLength(1);
    expect(await payments.accountBalance('customer-1', 'EUR')).toBe(7000);
  });

  it('refunds the full charge once, and has nothing to refund without a charge', async () => {
    expect(await payments.refund('order-1')).toEqual({ status: 'nothing-to-refund' });
    await payments.charge(charge);
    const refund = await payments.refund('order-1');
    expect(refund).toMatchObject({
      status: 'refunded',
      alreadyRefunded: false,
      payment: { kind: 'refund', amountMinor: 3000 },
    });
    expect(await payments.refund('order-1')).toMatchObject({ status: 'refunded', alreadyRefunded: true });
    expect((await payments.ledger('order-1')).map((p) => p.kind)).toEqual(['charge', 'refund']);
    expect(await payments.accountBalance('customer-1', 'EUR')).toBe(10_000);
  });

  it('never overdraws an account under concurrent charges', async () => {
    await payments.setAccountBalance('customer-1', 'EUR', 10_000);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => payments.charge({ ...charge, orderId: `order-${i}` })),
    );
    expect(results.filter((r) => r.status === 'charged')).toHaveLength(3);
    expect(await payments.accountBalance('customer-1', 'EUR')).toBe(1000);
  });

  it('sums charges and refunds per order status', async () => {
    const orders = createOrdersRepository(db);
    for (const id of ['order-a', 'order-b']) {
      await orders.create({
        id,
        customerId: 'customer-1',
        items: [{ sku: 'S', quantity: 1 }],
        amountMinor: 3000,
        currency: 'EUR',
      });
      await payments.charge({ ...charge, orderId: id });
    }
    await payments.refund('order-b');
    await orders.setFinalStatus('order-a', 'completed');
    await orders.setFinalStatus('order-b', 'cancelled');
    expect(await payments.totalsByOrderStatus()).toEqual({
      completed: { chargedMinor: 3000, refundedMinor: 0 },
      cancelled: { chargedMinor: 3000, refundedMinor: 3000 },
    });
  });
});
