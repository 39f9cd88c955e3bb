import type { Database } from '../../src/data/database';
import { createInventoryRepository, normaliseItems } from '../../src/data/repositories/inventory-repository';
import { clearAllData, openTestDatabase } from './test-database';

describe('inventory repository', () => {
  let db: Database;
  let inventory: ReturnType<typeof createInventoryRepository>;

  beforeAll(async () => {
    db = await openTestDatabase();
    inventory = createInventoryRepository(db);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await clearAllData(db);
    await inventory.setStock('SKU-A', 5);
    await inventory.setStock('SKU-B', 1);
  });

  it('reserves every line of an order, adding up repeated SKUs', async () => {
    const result = await inventory.reserve('order-1', [
      { sku: 'SKU-B', quantity: 1 },
      { sku: 'SKU-A', quantity: 2 },
      { sku: 'SKU-A', quantity: 1 },
    ]);
    expect(result).toEqual({
      status: 'reserved',
      alreadyReserved: false,
      lines: [
        { sku: 'SKU-A', quantity: 3 },
        { sku: 'SKU-B', quantity: 1 },
      ],
    });
    expect(await inventory.list()).toEqual([
      { sku: 'SKU-A', available: 2, reserved: 3 },
      { sku: 'SKU-B', available: 0, reserved: 1 },
    ]);
  });

  it('reserves nothing when one line is short, and names every shortage', async () => {
    const result = await inventory.reserve('order-1', [
      { sku: 'SKU-A', quantity: 2 },
      { sku: 'SKU-B', quantity: 2 },
      { sku: 'SKU-GONE', quantity: 1 },
    ]);
    expect(result).toEqual({
      status: 'out-of-stock',
      shortages: [
        { sku: 'SKU-B', requested: 2, available: 1 },
        { sku: 'SKU-GONE', requested: 1, available: 0 },
      ],
    });
    expect(await inventory.list()).toEqual([
      { sku: 'SKU-A', available: 5, reserved: 0 },
      { sku: 'SKU-B', available: 1, reserved: 0 },
    ]);
    expect(await inventory.reservation('order-1')).toEqual({ status: 'rejected', lines: [] });
  });

  it('answers a rejected order the same way again, even after stock came back', async () => {
    const first = await inventory.reserve('order-1', [{ sku: 'SKU-B', quantity: 2 }]);
    await inventory.setStock('SKU-B', 10);
    expect(await inventory.reserve('order-1', [{ sku: 'SKU-B', quantity: 2 }])).toEqual(first);
    expect(await inventory.stock('SKU-B')).toEqual({ sku: 'SKU-B', available: 10, reserved: 0 });
    expect(await inventory.release('order-1')).toEqual({ status: 'nothing-to-release' });
  });

  it('two deliveries of one reservation at the same moment take the stock once', async () => {
    const both = await Promise.all([
      inventory.reserve('order-1', [{ sku: 'SKU-A', quantity: 3 }]),
      inventory.reserve('order-1', [{ sku: 'SKU-A', quantity: 3 }]),
    ]);
    expect(both.map((r) => r.status)).toEqual(['reserved', 'reserved']);
    expect(both.map((r) => r.status === 'reserved' && r.alreadyReserved).sort()).toEqual([false, true]);
    expect(await inventory.stock('SKU-A')).toEqual({ sku: 'SKU-A', available: 2, reserved: 3 });
  });

  it('reserves once per order even when asked twice', async () => {
    await inventory.reserve('order-1', [{ sku: 'SKU-A', quantity: 2 }]);
    const again = await inventory.reserve('order-1', [{ sku: 'SKU-A', quantity: 2 }]);
    expect(again).toMatchObject({ status: 'reserved', alreadyReserved: true, lines: [{ sku: 'SKU-A', quantity: 2 }] });
    expect((await inventory.stock('SKU-A'))?.available).toBe(3);
  });

  it('releases a reservation once, restoring stock; nothing reserved is nothing to release', async () => {
    expect(await inventory.release('order-1')).toEqual({ status: 'nothing-to-release' });
    await inventory.reserve('order-1', [{ sku: 'SKU-A', quantity: 4 }]);
    expect(await inventory.release('order-1')).toEqual({ status: 'released', lines: [{ sku: 'SKU-A', quantity: 4 }] });
    expect(await inventory.release('order-1')).toEqual({ status: 'nothing-to-release' });
    expect(await inventory.stock('SKU-A')).toEqual({ sku: 'SKU-A', available: 5, reserved: 0 });
    expect((await inventory.reservation('order-1'))?.status).toBe('released');
  });

  it('never oversells under concurrent reservations', async () => {
    await inventory.setStock('SKU-A', 10);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => inventory.reserve(`order-${i}`, [{ sku: 'SKU-A', quantity: 1 }])),
    );
    expect(results.filter((r) => r.status === 'reserved')).toHaveLength(10);
    expect(await inventory.stock('SKU-A')).toEqual({ sku: 'SKU-A', available: 0, reserved: 10 });
  });

  it('never oversells orders of several lines either, whole or not at all', async () => {
    await inventory.setStock('SKU-A', 10);
    await inventory.setStock('SKU-B', 10);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        inventory.reserve(`order-${i}`, [
          { sku: i % 2 ? 'SKU-B' : 'SKU-A', quantity: 1 },
          { sku: i % 2 ? 'SKU-A' : 'SKU-B', quantity: 1 },
        ]),
      ),
    );
    expect(results.filter((r) => r.status === 'reserved')).toHaveLength(10);
    expect(await inventory.stock('SKU-A')).toEqual({ sku: 'SKU-A', available: 0, reserved: 10 });
    expect(await inventory.stock('SKU-B')).toEqual({ sku: 'SKU-B', available: 0, reserved: 10 });
    const lines = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM reservation_lines');
    expect(lines.rows[0].n).toBe(20);
  });

  it('cannot store negative stock', async () => {
    await expect(db.query(`UPDATE inventory SET available = -1 WHERE sku = 'SKU-A'`)).rejects.toThrow(
      /check constraint/,
    );
  });

  it('normalises items into SKU order', () => {
    expect(
      normaliseItems([
        { sku: 'b', quantity: 1 },
        { sku: 'a', quantity: 2 },
        { sku: 'b', quantity: 3 },
      ]),
    ).toEqual([
      { sku: 'a', quantity: 2 },
      { sku: 'b', quantity: 4 },
    ]);
  });
});
