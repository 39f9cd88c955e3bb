/**
 * Orders and their status. Status moves from in_progress to exactly one final state; writing the same
 * final state again is a no-op (redelivered job), writing a different one is refused.
 */
import type { Queryable } from '../database';
import { type FinalOrderStatus, type NewOrder, type Order, type OrderRow, type OrderStatus, toOrder } from './order';
import { orderStarts } from './order-starts';

export {
  type FinalOrderStatus,
  type NewOrder,
  ORDER_STATUSES,
  type Order,
  type OrderItem,
  type OrderStatus,
} from './order';

export class OrderStatusConflictError extends Error {
  constructor(
    readonly orderId: string,
    readonly current: OrderStatus,
    readonly requested: FinalOrderStatus,
  ) {
    super(`Order ${orderId} is already ${current}; it cannot become ${requested}`);
    this.name = 'OrderStatusConflictError';
  }
}

export class OrderNotFoundError extends Error {
  constructor(readonly orderId: string) {
    super(`Order ${orderId} does not exist`);
    this.name = 'OrderNotFoundError';
  }
}

export function createOrdersRepository(db: Queryable) {
  return {
    /** Inserts the order unless one with this id exists; either way returns the stored order. */
    async create(order: NewOrder): Promise<{ order: Order; created: boolean }> {
      const [result] = await this.createMany([order]);
      return result;
    },

    /**
     * `create` for several orders in one statement (the API batches concurrent requests, see coalesce.ts).
     * Results come in input order; an id given twice is inserted once, and the later one reads it as existing.
     */
    async createMany(orders: NewOrder[]): Promise<{ order: Order; created: boolean }[]> {
      const seen = new Set<string>();
      const unique = orders.filter((o) => !seen.has(o.id) && seen.add(o.id));
      const params = unique.flatMap((o) => [
        o.id,
        o.customerId,
        JSON.stringify(o.items),
        o.amountMinor,
        o.currency,
        o.processInstanceKey ?? null,
      ]);
      // a row written without its instance is claimed for starting it (see claimStart)
      const rows = unique.map(
        (_, i) =>
          `(${[1, 2, 3, 4, 5, 6].map((c) => `$${i * 6 + c}`).join(', ')}, CASE WHEN $${i * 6 + 6}::text IS NULL THEN now() END)`,
      );
      // One statement: the rows it inserts, plus those that existed. The outer SELECT reads the statement's
      // snapshot, which does not hold the CTE's new rows, so no id comes back twice.
      const ids = `$${params.length + 1}::text[]`;
      const { rows: written } = await db.query<OrderRow & { created: boolean }>(
        `WITH inserted AS (
           INSERT INTO orders (id, customer_id, items, amount_minor, currency, process_instance_key, start_claimed_at)
           VALUES ${rows.join(', ')}
           ON CONFLICT (id) DO NOTHING
           RETURNING *
         )
         SELECT *, true AS created FROM inserted
         UNION ALL
         SELECT *, false AS created FROM orders WHERE id = ANY(${ids})`,
        [...params, unique.map((o) => o.id)],
      );
      const byId = new Map(written.map((row) => [row.id, row]));
      const claimed = new Set<string>();
      const results: { order: Order; created: boolean }[] = [];
      for (const order of orders) {
        const row = byId.get(order.id);
        if (row) {
          // only the first of the same id in this batch is the one that created it
          results.push({ order: toOrder(row), created: row.created && !claimed.has(order.id) });
          claimed.add(order.id);
          continue;
        }
        // Not in the statement's rows (on PostgreSQL, a concurrent writer committed it meanwhile): read it alone.
        const existing = await this.get(order.id);
        if (!existing) throw new OrderNotFoundError(order.id);
        results.push({ order: existing, created: false });
      }
      return results;
    },

    /** Orders placed and not yet completed, rejected or cancelled (an index-only count: orders_status_idx). */
    async countInProgress(): Promise<number> {
      const result = await db.query<{ n: string | number }>(
        `SELECT count(*) AS n FROM orders WHERE status = 'in_progress'`,
      );
      return Number(result.rows[0]?.n ?? 0);
    },

    async get(id: string): Promise<Order | undefined> {
      const result = await db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [id]);
      return result.rows[0] ? toOrder(result.rows[0]) : undefined;
    },

    /**
     * Moves the order to a final status. Returns changed=false when it already had that status;
     * throws OrderStatusConflictError when it already had another final status.
     */
    async setFinalStatus(
      id: string,
      status: FinalOrderStatus,
      reason?: string,
    ): Promise<{ order: Order; changed: boolean }> {
      const updated = await db.query<OrderRow>(
        `UPDATE orders SET status = $2, status_reason = $3, updated_at = now()
         WHERE id = $1 AND status = 'in_progress'
         RETURNING *`,
        [id, status, reason ?? null],
      );
      if (updated.rows[0]) return { order: toOrder(updated.rows[0]), changed: true };
      const existing = await this.get(id);
      if (!existing) throw new OrderNotFoundError(id);
      if (existing.status !== status) throw new OrderStatusConflictError(id, existing.status, status);
      return { order: existing, changed: false };
    },

    async list(filter: { status?: OrderStatus; limit?: number } = {}): Promise<Order[]> {
      const result = await db.query<OrderRow>(
        `SELECT * FROM orders WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at, id LIMIT $2`,
        [filter.status ?? null, filter.limit ?? 1000],
      );
      return result.rows.map(toOrder);
    },

    /** Claiming, attaching and releasing the start of an order's process (order-starts.ts). */
    ...orderStarts(db),
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
