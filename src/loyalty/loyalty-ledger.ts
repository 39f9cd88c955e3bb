/**
 * The loyalty service's own tables (migration 013): one balance per customer, and one credit per event, so
 * the same event delivered twice credits once.
 */
import type { Database } from '../data/database';

export function createLoyaltyLedger(db: Database) {
  return {
    /** Credits points for the event unless it was credited already; true when this call credited it. */
    async credit(eventId: string, customerId: string, points: number): Promise<boolean> {
      // One statement, so no transaction: the balance moves only with the credit row this statement inserted,
      // and a concurrent delivery of the same event waits on that row's key and then inserts nothing.
      const credited = await db.query(
        `WITH credit AS (
           INSERT INTO loyalty_credits (event_id, customer_id, points) VALUES ($1, $2, $3)
           ON CONFLICT (event_id) DO NOTHING
           RETURNING customer_id, points)
         INSERT INTO loyalty_accounts (customer_id, points) SELECT customer_id, points FROM credit
         ON CONFLICT (customer_id) DO UPDATE
           SET points = loyalty_accounts.points + EXCLUDED.points, updated_at = now()`,
        [eventId, customerId, points],
      );
      return credited.rowCount > 0;
    },

    /** The customer's points; 0 for a customer who never earned any. */
    async points(customerId: string): Promise<number> {
      const result = await db.query<{ points: string | number }>(
        'SELECT points FROM loyalty_accounts WHERE customer_id = $1',
        [customerId],
      );
      return result.rows[0] ? Number(result.rows[0].points) : 0;
    },
  };
}

export type LoyaltyLedger = ReturnType<typeof createLoyaltyLedger>;
