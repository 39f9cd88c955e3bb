import type { Database } from '../../src/data/database';
import { createShipmentsRepository } from '../../src/data/repositories/shipments-repository';
import { clearAllData, openTestDatabase } from './test-database';

describe('shipments repository', () => {
  let db: Database;
  let shipments: ReturnType<typeof createShipmentsRepository>;

  beforeAll(async () => {
    db = await openTestDatabase();
    shipments = createShipmentsRepository(db);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await clearAllData(db);
    await shipments.setCarrier('alpha', 'Alpha Parcel', 1);
    await shipments.setCarrier('beta', 'Beta Freight', 1);
  });

  it('books a slot with the first carrier that has one, once per order', async () => {
    const first = await shipments.create('order-1');
    expect(first).toMatchObject({
      status: 'created',
      alreadyCreated: false,
      shipment: { carrierCode: 'alpha', trackingNumber: 'ALPHA-order-1', status: 'created' },
    });
    expect(await shipments.create('order-1')).toMatchObject({ status: 'created', alreadyCreated: true });
    expect(await shipments.freeSlots('alpha')).toBe(0);
    expect(await shipments.create('order-2')).toMatchObject({ shipment: { carrierCode: 'beta' } });
  });

  it('fails without capacity and leaves nothing behind', async () => {
    await shipments.create('order-1');
    await shipments.create('order-2');
    expect(await shipments.create('order-3')).toEqual({ status: 'no-capacity' });
    expect(await shipments.get('order-3')).toBeUndefined();
  });

  it('answers a booking that found no capacity the same way again, even after a slot was freed', async () => {
    await shipments.create('order-1');
    await shipments.create('order-2');
    expect(await shipments.create('order-3')).toEqual({ status: 'no-capacity' });
    await shipments.cancel('order-1');
    expect(await shipments.create('order-3')).toEqual({ status: 'no-capacity' });
    expect(await shipments.freeSlots('alpha')).toBe(1);
  });

  it('two deliveries of one booking at the same moment book one slot', async () => {
    const both = await Promise.all([shipments.create('order-1'), shipments.create('order-1')]);
    expect(both.map((r) => r.status === 'created' && r.alreadyCreated).sort()).toEqual([false, true]);
    expect(await shipments.freeSlots('alpha')).toBe(0);
    expect(await shipments.freeSlots('beta')).toBe(1);
  });

  it('cancels once and frees the slot', async () => {
    await shipments.create('order-1');
    expect(await shipments.cancel('order-1')).toMatchObject({ status: 'cancelled', alreadyCancelled: false });
    expect(await shipments.cancel('order-1')).toMatchObject({ status: 'cancelled', alreadyCancelled: true });
    expect(await shipments.freeSlots('alpha')).toBe(1);
  });

  it('leaves a tombstone when there is nothing to cancel, so a late booking fails', async () => {
    expect(await shipments.cancel('order-1')).toEqual({ status: 'nothing-to-cancel' });
    expect(await shipments.cancel('order-1')).toEqual({ status: 'nothing-to-cancel' });
    expect(await shipments.create('order-1')).toMatchObject({ status: 'cancelled' });
    expect(await shipments.freeSlots('alpha')).toBe(1);
  });

  it('never overbooks slots under concurrency', async () => {
    await shipments.setCarrier('alpha', 'Alpha Parcel', 3);
    await shipments.setCarrier('beta', 'Beta Freight', 2);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => shipments.create(`order-${i}`)));
    expect(results.filter((r) => r.status === 'created')).toHaveLength(5);
    expect(await shipments.freeSlots('alpha')).toBe(0);
    expect(await shipments.freeSlots('beta')).toBe(0);
  });
});
