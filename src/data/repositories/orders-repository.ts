/**
 * Orders and their status. Status moves from in_progress to exactly one final state; writing the same
 * final state again is a no-op (redelivered job), writing a different one is refused.
 */
import type { Queryable } from '../database';

export const ORDER_STATUSES = ['in_progress', 'completed', 'rejected', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type FinalOrderStatus = Exclude<OrderStatus, 'in_progress'>;

export interface OrderItem {
  sku: string;
  quantity: number;
}

export interface Order {
  id: string;
  customerId: string;
  items: OrderItem[];
  amountMinor: number;
  currency: string;
  status: OrderStatus;
  statusReason: string | null;
  processInstanceKey: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewOrder {
  id: string;
  customerId: string;
  items: OrderItem[];
  amountMinor: number;
  currency: string;
  processInstanceKey?: string;
}

interface OrderRow {
  id: string;
  customer_id: string;
  items: OrderItem[];
  amount_minor: number;
  currency: string;
  status: OrderStatus;
  status_reason: string | null;
  process_instance_key: string | null;
  created_at: Date;
  updated_at: Date;
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    customerId: row.customer_id,
    items: row.items,
    amountMinor: row.amount_minor,
    currency: row.currency,
    status: row.status,
    statusReason: row.status_reason,
    processInstanceKey: row.process_instance_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

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
      // One statement either way: the new row, or the stored one (the worker finding the API's order).
      const written = await db.query<OrderRow & { created: boolean }>(
        `WITH inserted AS (
           INSERT INTO orders (id, customer_id, items, amount_minor, currency, process_instance_key)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (id) DO NOTHING
           RETURNING *
         )
         SELECT *, true AS created FROM inserted
         UNION ALL
         SELECT *, false AS created FROM orders WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
        [
          order.id,
          order.customerId,
          JSON.stringify(order.items),
          order.amountMinor,
          order.currency,
          order.processInstanceKey ?? null,
        ],
      );
      const row = written.rows[0];
      if (row) return { order: toOrder(row), created: row.created };
      // Inserted concurrently by a transaction that committed after this statement's snapshot: read it now.
      const existing = await this.get(order.id);
      if (!existing) throw new OrderNotFoundError(order.id);
      return { order: existing, created: false };
    },

    async get(id: string): Promise<Order | undefined> {
      const result = await db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [id]);
      return result.rows[0] ? toOrder(result.rows[0]) : undefined;
    },

    /** Records which process instance runs the order (first writer wins). */
    async attachProcessInstance(id: string, processInstanceKey: string): Promise<void> {
      await db.query(
        `UPDATE orders SET process_instance_key = $2, updated_at = now()
         WHERE id = $1 AND process_instance_key IS NULL`,
        [id, processInstanceKey],
      );
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
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
