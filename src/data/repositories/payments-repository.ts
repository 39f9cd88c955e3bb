/**
 * Payment accounts and the payments ledger. A charge debits the customer's account and writes a ledger row
 * atomically (one statement on the usual path, else one transaction); the debit is a conditional update, so
 * two concurrent charges can never overdraw.
 * Every ledger row carries an idempotency key: charging or refunding an order twice moves money once, and a
 * decline is remembered per order (payment_declines) so a repeated charge gets the same answer.
 */
import { type Database, LOCK_SCOPE, lockForTransaction, queryHoldingLock } from '../database';
import { type RowOf, rowReader } from './row-reader';

export interface Payment {
  id: number;
  idempotencyKey: string;
  orderId: string;
  customerId: string;
  kind: 'charge' | 'refund';
  amountMinor: number;
  currency: string;
  createdAt: Date;
}

export type ChargeResult =
  | { status: 'charged'; payment: Payment; alreadyCharged: boolean }
  | { status: 'declined'; reason: string };

export type RefundResult =
  | { status: 'refunded'; payment: Payment; alreadyRefunded: boolean }
  | { status: 'nothing-to-refund' };

export interface ChargeRequest {
  orderId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
}

type PaymentRow = RowOf<Payment>;

const toPayment = rowReader<Payment>({
  id: true,
  idempotencyKey: true,
  orderId: true,
  customerId: true,
  kind: true,
  amountMinor: true,
  currency: true,
  createdAt: true,
});

export const chargeKey = (orderId: string) => `order:${orderId}:charge`;
export const refundKey = (orderId: string) => `order:${orderId}:refund`;

/**
 * The usual charge in one statement: debits the account and writes the ledger row when the order has neither
 * a charge nor a decline and the balance covers it; undefined otherwise (nothing written). No ON CONFLICT: a
 * row that exists after all fails the whole statement, so no debit goes without its ledger row.
 */
async function chargeFirstTime(db: Database, request: ChargeRequest): Promise<Payment | undefined> {
  const { rows } = await queryHoldingLock<PaymentRow>(
    db,
    LOCK_SCOPE.payment,
    request.orderId,
    `WITH debit AS (
       UPDATE payment_accounts SET balance_minor = balance_minor - $4
       WHERE customer_id = $3 AND currency = $5 AND balance_minor >= $4
         AND NOT EXISTS (SELECT 1 FROM payments WHERE order_id = $2 AND kind = 'charge')
         AND NOT EXISTS (SELECT 1 FROM payment_declines WHERE order_id = $2)
       RETURNING customer_id)
     INSERT INTO payments (idempotency_key, order_id, customer_id, kind, amount_minor, currency)
     SELECT $1::text, $2::text, $3::text, 'charge', $4::integer, $5::text FROM debit
     RETURNING *`,
    [chargeKey(request.orderId), request.orderId, request.customerId, request.amountMinor, request.currency],
  );
  return rows[0] ? toPayment(rows[0]) : undefined;
}

export function createPaymentsRepository(db: Database) {
  async function findByKind(orderId: string, kind: 'charge' | 'refund'): Promise<Payment | undefined> {
    const result = await db.query<PaymentRow>('SELECT * FROM payments WHERE order_id = $1 AND kind = $2', [
      orderId,
      kind,
    ]);
    return result.rows[0] ? toPayment(result.rows[0]) : undefined;
  }

  return {
    /** Creates or replaces a customer's account balance (seeding, tests, back office). */
    async setAccountBalance(customerId: string, currency: string, balanceMinor: number): Promise<void> {
      await db.query(
        `INSERT INTO payment_accounts (customer_id, currency, balance_minor) VALUES ($1, $2, $3)
         ON CONFLICT (customer_id, currency) DO UPDATE SET balance_minor = EXCLUDED.balance_minor`,
        [customerId, currency, balanceMinor],
      );
    },

    async accountBalance(customerId: string, currency: string): Promise<number | undefined> {
      const result = await db.query<{ balance_minor: number }>(
        'SELECT balance_minor FROM payment_accounts WHERE customer_id = $1 AND currency = $2',
        [customerId, currency],
      );
      return result.rows[0]?.balance_minor;
    },

    /**
     * Charges an order once. A second call for the same order returns the first answer: the same charge, or
     * the same decline (remembered, so money that arrived in between cannot turn a declined order charged).
     */
    async charge(request: ChargeRequest): Promise<ChargeResult> {
      const charged = await chargeFirstTime(db, request);
      if (charged) return { status: 'charged', payment: charged, alreadyCharged: false };
      // Charged or declined before, or declined now: the ledger row, the decline and its reason, in order.
      return db.transaction(async (tx): Promise<ChargeResult> => {
        await lockForTransaction(db, tx, LOCK_SCOPE.payment, request.orderId);
        // The ledger row first (one statement on the usual path): none when the order was charged or declined.
        const inserted = await tx.query<PaymentRow>(
          `INSERT INTO payments (idempotency_key, order_id, customer_id, kind, amount_minor, currency)
           SELECT $1::text, $2::text, $3::text, 'charge', $4::integer, $5::text
           WHERE NOT EXISTS (SELECT 1 FROM payment_declines WHERE order_id = $2::text)
           ON CONFLICT DO NOTHING
           RETURNING *`,
          [chargeKey(request.orderId), request.orderId, request.customerId, request.amountMinor, request.currency],
        );
        const charge = inserted.rows[0];
        if (!charge) {
          const existing = await tx.query<PaymentRow>(
            `SELECT * FROM payments WHERE order_id = $1 AND kind = 'charge'`,
            [request.orderId],
          );
          if (existing.rows[0])
            return { status: 'charged', payment: toPayment(existing.rows[0]), alreadyCharged: true };
          const declined = await tx.query<{ reason: string }>(
            'SELECT reason FROM payment_declines WHERE order_id = $1',
            [request.orderId],
          );
          return { status: 'declined', reason: declined.rows[0].reason };
        }
        const debited = await tx.query(
          `UPDATE payment_accounts SET balance_minor = balance_minor - $3
           WHERE customer_id = $1 AND currency = $2 AND balance_minor >= $3`,
          [request.customerId, request.currency, request.amountMinor],
        );
        if (debited.rowCount === 0) {
          const account = await tx.query<{ balance_minor: number }>(
            'SELECT balance_minor FROM payment_accounts WHERE customer_id = $1 AND currency = $2',
            [request.customerId, request.currency],
          );
          const reason = account.rows[0]
            ? `insufficient funds: balance ${account.rows[0].balance_minor} < ${request.amountMinor} ${request.currency} minor units`
            : `customer ${request.customerId} has no ${request.currency} payment account`;
          // No money moved: the ledger row goes, the decision stays.
          await tx.query('DELETE FROM payments WHERE id = $1', [charge.id]);
          await tx.query('INSERT INTO payment_declines (order_id, reason) VALUES ($1, $2)', [request.orderId, reason]);
          return { status: 'declined', reason };
        }
        return { status: 'charged', payment: toPayment(charge), alreadyCharged: false };
      });
    },

    /** Refunds an order's charge in full, once. Without a charge there is nothing to refund. */
    async refund(orderId: string): Promise<RefundResult> {
      return db.transaction(async (tx): Promise<RefundResult> => {
        const inserted = await tx.query<PaymentRow>(
          `INSERT INTO payments (idempotency_key, order_id, customer_id, kind, amount_minor, currency)
           SELECT $2, order_id, customer_id, 'refund', amount_minor, currency
           FROM payments WHERE order_id = $1 AND kind = 'charge'
           ON CONFLICT DO NOTHING
           RETURNING *`,
          [orderId, refundKey(orderId)],
        );
        const refund = inserted.rows[0];
        if (refund) {
          await tx.query(
            `UPDATE payment_accounts SET balance_minor = balance_minor + $3 WHERE customer_id = $1 AND currency = $2`,
            [refund.customer_id, refund.currency, refund.amount_minor],
          );
          return { status: 'refunded', payment: toPayment(refund), alreadyRefunded: false };
        }
        const existing = await tx.query<PaymentRow>(`SELECT * FROM payments WHERE order_id = $1 AND kind = 'refund'`, [
          orderId,
        ]);
        return existing.rows[0]
          ? { status: 'refunded', payment: toPayment(existing.rows[0]), alreadyRefunded: true }
          : { status: 'nothing-to-refund' };
      });
    },

    findCharge: (orderId: string) => findByKind(orderId, 'charge'),
    findRefund: (orderId: string) => findByKind(orderId, 'refund'),

    async ledger(orderId?: string): Promise<Payment[]> {
      const result = await db.query<PaymentRow>(
        'SELECT * FROM payments WHERE ($1::text IS NULL OR order_id = $1) ORDER BY id',
        [orderId ?? null],
      );
      return result.rows.map(toPayment);
    },

    /** Money charged and refunded, per final order status (orders without payments count zero). */
    async totalsByOrderStatus(): Promise<Record<string, { chargedMinor: number; refundedMinor: number }>> {
      const result = await db.query<{ status: string; charged: number; refunded: number }>(
        `SELECT o.status,
                COALESCE(SUM(p.amount_minor) FILTER (WHERE p.kind = 'charge'), 0)::int AS charged,
                COALESCE(SUM(p.amount_minor) FILTER (WHERE p.kind = 'refund'), 0)::int AS refunded
         FROM orders o LEFT JOIN payments p ON p.order_id = o.id
         GROUP BY o.status`,
      );
      return Object.fromEntries(
        result.rows.map((r) => [r.status, { chargedMinor: r.charged, refundedMinor: r.refunded }]),
      );
    },
  };
}

export type PaymentsRepository = ReturnType<typeof createPaymentsRepository>;
