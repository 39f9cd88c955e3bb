/**
 * Audits the app's data after many orders ran: every order in a final status, money balanced per order
 * (charged − refunded is the amount for a completed order, 0 otherwise), stock never oversold, and every
 * side effect at most once per order. Returns what it found so a test can assert and print it.
 */
import type { Database } from '../../src/data/database';

export interface OrderSeed {
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number }[];
  amount: number;
  currency: string;
}

export interface AuditResult {
  byStatus: Record<string, number>;
  /** human-readable problems; empty when everything holds */
  problems: string[];
  /** orders where some side effect happened more than once */
  duplicatedEffects: number;
}

interface Row {
  id: string;
  status: string;
  amount_minor: number;
  charges: number;
  refunds: number;
  charged: number;
  refunded: number;
  reservations: number;
  reserved: string | null;
  shipments: number;
  shipped: string | null;
  confirmations: number;
}

/** Pseudo-random orders from a seed: scarce stock (some cancel), poor customers (some are rejected). */
export function generateOrders(count: number, skus: string[], customers: string[], seed = 7): OrderSeed[] {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const first = skus[random(skus.length)];
    const second = skus[random(skus.length)];
    const items = [{ sku: first, quantity: 1 + random(3) }];
    if (random(2) === 1 && second !== first) items.push({ sku: second, quantity: 1 + random(3) });
    return {
      orderId: `order-${i}`,
      customerId: customers[i % customers.length],
      items,
      amount: 10 + (i % 7),
      currency: 'EUR',
    };
  });
}

export async function auditOrders(db: Database, orders: OrderSeed[], initialStock: number): Promise<AuditResult> {
  const { rows } = await db.query<Row>(
    `SELECT o.id, o.status, o.amount_minor,
       (SELECT count(*)::int FROM payments p WHERE p.order_id = o.id AND p.kind = 'charge') AS charges,
       (SELECT count(*)::int FROM payments p WHERE p.order_id = o.id AND p.kind = 'refund') AS refunds,
       (SELECT COALESCE(sum(amount_minor), 0)::int FROM payments p WHERE p.order_id = o.id AND p.kind = 'charge') AS charged,
       (SELECT COALESCE(sum(amount_minor), 0)::int FROM payments p WHERE p.order_id = o.id AND p.kind = 'refund') AS refunded,
       (SELECT count(*)::int FROM reservations r WHERE r.order_id = o.id) AS reservations,
       (SELECT r.status FROM reservations r WHERE r.order_id = o.id) AS reserved,
       (SELECT count(*)::int FROM shipments s WHERE s.order_id = o.id) AS shipments,
       (SELECT s.status FROM shipments s WHERE s.order_id = o.id) AS shipped,
       (SELECT count(*)::int FROM outbox m WHERE m.topic = 'order-confirmation' AND m.payload->>'orderId' = o.id) AS confirmations
     FROM orders o`,
  );
  const problems: string[] = [];
  const byStatus: Record<string, number> = {};
  let duplicatedEffects = 0;
  const stored = new Map(rows.map((r) => [r.id, r]));
  const reservedByCompleted = new Map<string, number>();
  for (const order of orders) {
    const r = stored.get(order.orderId);
    if (!r) {
      problems.push(`${order.orderId}: not in the orders table`);
      continue;
    }
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.charges > 1 || r.refunds > 1 || r.reservations > 1 || r.shipments > 1 || r.confirmations > 1) {
      duplicatedEffects++;
      problems.push(`${r.id}: a side effect ran twice (${JSON.stringify(r)})`);
    }
    const net = r.charged - r.refunded;
    if (r.status === 'completed') {
      if (net !== r.amount_minor)
        problems.push(`${r.id}: completed but charged−refunded is ${net}, not ${r.amount_minor}`);
      if (r.reserved !== 'reserved') problems.push(`${r.id}: completed but its reservation is ${r.reserved}`);
      if (r.shipped !== 'created') problems.push(`${r.id}: completed but its shipment is ${r.shipped}`);
      if (r.confirmations !== 1) problems.push(`${r.id}: completed with ${r.confirmations} confirmations queued`);
      for (const item of order.items)
        reservedByCompleted.set(item.sku, (reservedByCompleted.get(item.sku) ?? 0) + item.quantity);
    } else if (r.status === 'cancelled' || r.status === 'rejected') {
      if (net !== 0) problems.push(`${r.id}: ${r.status} but charged−refunded is ${net}`);
      if (r.reserved === 'reserved') problems.push(`${r.id}: ${r.status} but still holds its reservation`);
      if (r.shipped === 'created') problems.push(`${r.id}: ${r.status} but shipped`);
      if (r.confirmations !== 0) problems.push(`${r.id}: ${r.status} but a confirmation was queued`);
    } else {
      problems.push(`${r.id}: still ${r.status}`);
    }
  }
  const skus = new Set(orders.flatMap((o) => o.items.map((i) => i.sku)));
  const { rows: levels } = await db.query<{ sku: string; available: number; reserved: number }>(
    'SELECT sku, available, reserved FROM inventory',
  );
  for (const level of levels.filter((l) => skus.has(l.sku))) {
    if (level.available < 0) problems.push(`${level.sku}: oversold (available ${level.available})`);
    if (level.available + level.reserved !== initialStock)
      problems.push(`${level.sku}: stock ${level.available}+${level.reserved} ≠ ${initialStock}`);
    const held = reservedByCompleted.get(level.sku) ?? 0;
    if (level.reserved !== held)
      problems.push(`${level.sku}: ${level.reserved} reserved, completed orders hold ${held}`);
  }
  return { byStatus, problems, duplicatedEffects };
}
