/**
 * The triggers of migration 012 write a stage event for each change of an order or onboarding, in the
 * change's own transaction: the saga's happy path, its compensation, an onboarding and its cancellation,
 * each in the order it happened, nothing for a change that rolled back or for a redelivered job's no-op.
 */
import { createRepositories, type Database } from '../../src/data';
import { createOrdersRepository } from '../../src/data/repositories/orders-repository';
import { createStageEventLog } from '../../src/events/stage-event-log';
import { openTestDatabase } from '../data/test-database';
import { completeOrder, resetEventData, SAGA_EVENT_TYPES } from './stage-event-fixtures';

describe('stage events written by the state changes', () => {
  let db: Database;
  const typesOf = async (subject: string) =>
    (await createStageEventLog(db).list({ subject, limit: 100 })).map((r) => r.type);

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => resetEventData(db));

  it('reports the saga’s steps once each, even when a job is redelivered', async () => {
    await completeOrder(db, 'order-1');
    await completeOrder(db, 'order-1'); // every step again: each finds its earlier result
    expect(await typesOf('order-1')).toEqual(SAGA_EVENT_TYPES);
    const [completed] = await createStageEventLog(db).list({ subject: 'order-1', type: 'order.completed' });
    expect(completed).toMatchObject({ source: '/baton/orders', publishedAt: null });
    expect(completed.data).toEqual(
      expect.objectContaining({
        id: 'order-1',
        status: 'completed',
        amount: 42.5,
        items: [{ sku: 'SKU-MUG', quantity: 1 }],
      }),
    );
    expect((completed.data as { updatedAt: string }).updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('reports the compensation newest first, as it ran', async () => {
    const r = createRepositories(db);
    const items = [{ sku: 'SKU-MUG', quantity: 1 }];
    await r.orders.create({ id: 'order-2', customerId: 'customer-1', items, amountMinor: 500, currency: 'EUR' });
    await r.payments.charge({ orderId: 'order-2', customerId: 'customer-1', amountMinor: 500, currency: 'EUR' });
    await r.inventory.reserve('order-2', items);
    await r.shipments.create('order-2');
    await r.shipments.cancel('order-2');
    await r.inventory.release('order-2');
    await r.payments.refund('order-2');
    await r.orders.setFinalStatus('order-2', 'cancelled', 'the shipment SLA was missed');
    expect(await typesOf('order-2')).toEqual([
      'order.placed',
      'order.payment.charged',
      'order.inventory.reserved',
      'order.shipped',
      'order.shipment.cancelled',
      'order.inventory.released',
      'order.payment.refunded',
      'order.cancelled',
    ]);
  });

  it('writes no event for a change that rolled back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await createOrdersRepository(tx).create({
          id: 'order-rolled-back',
          customerId: 'customer-1',
          items: [{ sku: 'SKU-MUG', quantity: 1 }],
          amountMinor: 100,
          currency: 'EUR',
        });
        throw new Error('the order write failed later in its transaction');
      }),
    ).rejects.toThrow('failed later');
    expect(await typesOf('order-rolled-back')).toEqual([]);
  });

  it('reports a declined payment only as the rejected order', async () => {
    const r = createRepositories(db);
    await r.orders.create({
      id: 'order-3',
      customerId: 'nobody',
      items: [{ sku: 'SKU-MUG', quantity: 1 }],
      amountMinor: 100,
      currency: 'EUR',
    });
    expect(
      (await r.payments.charge({ orderId: 'order-3', customerId: 'nobody', amountMinor: 100, currency: 'EUR' })).status,
    ).toBe('declined');
    await r.orders.setFinalStatus('order-3', 'rejected', 'payment declined');
    expect(await typesOf('order-3')).toEqual(['order.placed', 'order.rejected']);
  });

  it('reports each order of a batched insert as placed once, in the batch’s order (017: one event insert per statement)', async () => {
    const r = createRepositories(db);
    const order = (id: string, amountMinor: number) => ({
      id,
      customerId: 'customer-1',
      items: [{ sku: 'SKU-MUG', quantity: 1 }],
      amountMinor,
      currency: 'EUR',
      processInstanceKey: `22517998136850${amountMinor}`,
    });
    await r.orders.create(order('order-b2', 20));
    await r.orders.createMany([order('order-b1', 10), order('order-b2', 20), order('order-b3', 30)]);
    const placed = await createStageEventLog(db).list({ type: 'order.placed', limit: 100 });
    expect(placed.map((e) => e.subject)).toEqual(['order-b2', 'order-b1', 'order-b3']);
    expect(placed[2].data).toEqual(
      expect.objectContaining({
        id: 'order-b3',
        status: 'in_progress',
        amount: 0.3,
        processInstanceKey: '2251799813685030',
      }),
    );
  });

  it('reports no reservation for an order that ran out of stock', async () => {
    const r = createRepositories(db);
    const items = [
      { sku: 'SKU-MUG', quantity: 1 },
      { sku: 'SKU-LAMP', quantity: 1_000 },
    ];
    await r.orders.create({ id: 'order-4', customerId: 'customer-1', items, amountMinor: 100, currency: 'EUR' });
    expect((await r.inventory.reserve('order-4', items)).status).toBe('out-of-stock');
    expect(await typesOf('order-4')).toEqual(['order.placed']);
  });

  it('reports an onboarding as started when its start is claimed, before a worker’s first stage', async () => {
    const r = createRepositories(db);
    const start = { customerId: 'cust-2', email: 'bo@example.com', company: 'Bo Ltd' };
    await r.onboardingStarts.claim(start, 60_000);
    // the first worker may commit before the app records the instance it started (a lagging cluster's answer)
    await r.customers.create({ id: 'cust-2', email: start.email, company: start.company });
    await r.onboardingStarts.attach('cust-2', '2251799813685301');
    expect(await typesOf('cust-2')).toEqual(['onboarding.started', 'onboarding.crm-record.created']);
  });

  it('reports a refused onboarding start as cancelled, and its retry as started again', async () => {
    const r = createRepositories(db);
    const start = { customerId: 'cust-3', email: 'cy@example.com', company: 'Cy Ltd' };
    await r.onboardingStarts.claim(start, 60_000);
    await r.onboardingStarts.failStart('cust-3', 'refused');
    await r.onboardingStarts.claim(start, 60_000);
    await r.onboardingStarts.attach('cust-3', '2251799813685302');
    expect(await typesOf('cust-3')).toEqual(['onboarding.started', 'onboarding.cancelled', 'onboarding.started']);
  });

  it('reports an onboarding’s stages and its cancellation', async () => {
    const r = createRepositories(db);
    const start = { customerId: 'cust-1', email: 'ada@example.com', company: 'Ada Ltd' };
    await r.onboardingStarts.claim(start, 60_000);
    await r.onboardingStarts.attach('cust-1', '2251799813685300');
    await r.customers.create({ id: 'cust-1', email: start.email, company: start.company });
    await r.tenants.provision('cust-1', 'ada-ltd');
    const payload = { customerId: 'cust-1', company: 'Ada Ltd', tenantSlug: 'ada-ltd' };
    await r.outbox.enqueue({
      idempotencyKey: 'k1',
      channel: 'email',
      topic: 'welcome',
      recipient: start.email,
      payload,
    });
    await r.outbox.enqueue({ idempotencyKey: 'k2', channel: 'analytics', topic: 'customer-onboarded', payload });
    await r.customers.delete('cust-1');
    expect(await typesOf('cust-1')).toEqual([
      'onboarding.started',
      'onboarding.crm-record.created',
      'onboarding.tenant.provisioned',
      'onboarding.welcome-email.sent',
      'onboarding.completed',
      'onboarding.cancelled',
    ]);
    const [provisioned] = await createStageEventLog(db).list({
      subject: 'cust-1',
      type: 'onboarding.tenant.provisioned',
    });
    expect(provisioned).toMatchObject({
      source: '/baton/onboardings',
      data: {
        customerId: 'cust-1',
        company: 'Ada Ltd',
        crmRecord: 'active',
        tenant: { slug: 'ada-ltd', status: 'active' },
      },
    });
  });
});
