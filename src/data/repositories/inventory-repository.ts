/**
 * Stock levels and order reservations. Reserving takes every line of an order or none: in one statement when
 * every line is in stock, else in one transaction where each line is a conditional update `available >=
 * quantity`, taken in SKU order so concurrent orders on PostgreSQL cannot deadlock; the CHECK (available >= 0)
 * backs both up: stock is never oversold. A rejected reservation is kept (status rejected, with its
 * shortages) so asking again for that order answers the same.
 */
import { type Database, LOCK_SCOPE, lockForTransaction, queryHoldingLock } from '../database';
import type { OrderItem } from './orders-repository';

export interface StockLevel {
  sku: string;
  available: number;
  reserved: number;
}

export interface Shortage {
  sku: string;
  requested: number;
  /** What was left when the order asked; 0 for a SKU that is not stocked at all. */
  available: number;
}

export type ReserveResult =
  | { status: 'reserved'; lines: OrderItem[]; alreadyReserved: boolean }
  | { status: 'out-of-stock'; shortages: Shortage[] };

export type ReleaseResult = { status: 'released'; lines: OrderItem[] } | { status: 'nothing-to-release' };

/** Adds up repeated SKUs and sorts by SKU (the lock order). */
export function normaliseItems(items: OrderItem[]): OrderItem[] {
  const bySku = new Map<string, number>();
  for (const item of items) bySku.set(item.sku, (bySku.get(item.sku) ?? 0) + item.quantity);
  return [...bySku.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * What makes the one-statement reservation give way to the full path on PostgreSQL: stock taken meanwhile by
 * another order (the CHECK on available, SQLSTATE 23514), or two orders locking the same SKUs in another order
 * (deadlock, 40P01). Either way the statement wrote nothing.
 */
function isContention(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23514' || code === '40P01';
}

/**
 * The usual reservation in one statement: when the order has no reservation yet and every line's stock
 * covers it, takes them all and writes the reservation and its lines; false otherwise (nothing written).
 */
async function reserveFirstTime(db: Database, orderId: string, lines: OrderItem[]): Promise<boolean> {
  if (lines.length === 0) return false;
  try {
    const { rowCount } = await queryHoldingLock(
      db,
      LOCK_SCOPE.reservation,
      orderId,
      `WITH wanted AS (SELECT * FROM unnest($2::text[], $3::int[]) AS w(sku, quantity)),
       taken AS (
         UPDATE inventory i
         SET available = i.available - w.quantity, reserved = i.reserved + w.quantity, updated_at = now()
         FROM wanted w
         WHERE i.sku = w.sku
           AND NOT EXISTS (SELECT 1 FROM reservations WHERE order_id = $1)
           AND NOT EXISTS (
             SELECT 1 FROM wanted w2 LEFT JOIN inventory i2 ON i2.sku = w2.sku
             WHERE i2.sku IS NULL OR i2.available < w2.quantity)
         RETURNING w.sku, w.quantity),
       header AS (
         INSERT INTO reservations (order_id, status) SELECT $1, 'reserved' WHERE EXISTS (SELECT 1 FROM taken)
         RETURNING order_id)
       INSERT INTO reservation_lines (order_id, sku, quantity)
       SELECT header.order_id, taken.sku, taken.quantity FROM header, taken`,
      [orderId, lines.map((l) => l.sku), lines.map((l) => l.quantity)],
    );
    return rowCount === lines.length;
  } catch (error) {
    if (isContention(error)) return false;
    throw error;
  }
}

export function createInventoryRepository(db: Database) {
  return {
    /** Sets the available stock of a SKU, creating it when new (seeding, goods receipt). */
    async setStock(sku: string, available: number): Promise<void> {
      await db.query(
        `INSERT INTO inventory (sku, available) VALUES ($1, $2)
         ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available, updated_at = now()`,
        [sku, available],
      );
    },

    async stock(sku: string): Promise<StockLevel | undefined> {
      const result = await db.query<StockLevel>('SELECT sku, available, reserved FROM inventory WHERE sku = $1', [sku]);
      return result.rows[0];
    },

    async list(): Promise<StockLevel[]> {
      const result = await db.query<StockLevel>('SELECT sku, available, reserved FROM inventory ORDER BY sku');
      return result.rows;
    },

    /**
     * Reserves all items of an order, or nothing. A second call for the same order returns the first answer:
     * the same lines, or the same shortages (a rejection is remembered, so stock that came back in between
     * cannot be taken by a late delivery whose order already failed).
     */
    async reserve(orderId: string, items: OrderItem[]): Promise<ReserveResult> {
      const lines = normaliseItems(items);
      if (await reserveFirstTime(db, orderId, lines)) return { status: 'reserved', lines, alreadyReserved: false };
      // Reserved or rejected before, or short of stock now: the shortages found and remembered, in SKU order.
      return db.transaction(async (tx): Promise<ReserveResult> => {
        await lockForTransaction(db, tx, LOCK_SCOPE.reservation, orderId);
        const header = await tx.query(
          `INSERT INTO reservations (order_id, status) VALUES ($1, 'reserved')
           ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
          [orderId],
        );
        if (header.rowCount === 0) {
          const earlier = await tx.query<{ status: string; shortages: Shortage[] | null }>(
            'SELECT status, shortages FROM reservations WHERE order_id = $1',
            [orderId],
          );
          if (earlier.rows[0].status === 'rejected') {
            return { status: 'out-of-stock', shortages: earlier.rows[0].shortages ?? [] };
          }
          const existing = await tx.query<OrderItem>(
            'SELECT sku, quantity FROM reservation_lines WHERE order_id = $1 ORDER BY sku',
            [orderId],
          );
          return { status: 'reserved', lines: existing.rows, alreadyReserved: true };
        }
        const shortages: Shortage[] = [];
        const taken: OrderItem[] = [];
        for (const line of lines) {
          const updated = await tx.query(
            `UPDATE inventory SET available = available - $2, reserved = reserved + $2, updated_at = now()
             WHERE sku = $1 AND available >= $2`,
            [line.sku, line.quantity],
          );
          if (updated.rowCount === 0) {
            const left = await tx.query<{ available: number }>('SELECT available FROM inventory WHERE sku = $1', [
              line.sku,
            ]);
            shortages.push({ sku: line.sku, requested: line.quantity, available: left.rows[0]?.available ?? 0 });
            continue;
          }
          taken.push(line);
          await tx.query('INSERT INTO reservation_lines (order_id, sku, quantity) VALUES ($1, $2, $3)', [
            orderId,
            line.sku,
            line.quantity,
          ]);
        }
        if (shortages.length > 0) {
          // An order is reserved whole or not at all: give back what was taken, and remember why.
          for (const line of taken) {
            await tx.query(
              `UPDATE inventory SET available = available + $2, reserved = reserved - $2, updated_at = now()
               WHERE sku = $1`,
              [line.sku, line.quantity],
            );
          }
          await tx.query('DELETE FROM reservation_lines WHERE order_id = $1', [orderId]);
          await tx.query(`UPDATE reservations SET status = 'rejected', shortages = $2 WHERE order_id = $1`, [
            orderId,
            JSON.stringify(shortages),
          ]);
          return { status: 'out-of-stock', shortages };
        }
        return { status: 'reserved', lines, alreadyReserved: false };
      });
    },

    /** Puts an order's reserved stock back, once. Without a reservation there is nothing to release. */
    async release(orderId: string): Promise<ReleaseResult> {
      return db.transaction(async (tx): Promise<ReleaseResult> => {
        const header = await tx.query(
          `UPDATE reservations SET status = 'released', released_at = now()
           WHERE order_id = $1 AND status = 'reserved' RETURNING order_id`,
          [orderId],
        );
        if (header.rowCount === 0) return { status: 'nothing-to-release' };
        const lines = await tx.query<OrderItem>(
          'SELECT sku, quantity FROM reservation_lines WHERE order_id = $1 ORDER BY sku',
          [orderId],
        );
        for (const line of lines.rows) {
          await tx.query(
            `UPDATE inventory SET available = available + $2, reserved = reserved - $2, updated_at = now()
             WHERE sku = $1`,
            [line.sku, line.quantity],
          );
        }
        return { status: 'released', lines: lines.rows };
      });
    },

    async reservation(
      orderId: string,
    ): Promise<{ status: 'reserved' | 'released' | 'rejected'; lines: OrderItem[] } | undefined> {
      const header = await db.query<{ status: 'reserved' | 'released' | 'rejected' }>(
        'SELECT status FROM reservations WHERE order_id = $1',
        [orderId],
      );
      if (!header.rows[0]) return undefined;
      const lines = await db.query<OrderItem>(
        'SELECT sku, quantity FROM reservation_lines WHERE order_id = $1 ORDER BY sku',
        [orderId],
      );
      return { status: header.rows[0].status, lines: lines.rows };
    },
  };
}

export type InventoryRepository = ReturnType<typeof createInventoryRepository>;
