/**
 * Starting an order's process exactly once: an order is written before its instance exists, claimed while a
 * start is under way, and ends with the instance attached, the start refused, or the claim released for a
 * retry or the start-up repair.
 */
import type { Queryable } from '../database';
import { type Order, type OrderRow, toOrder } from './order';

export function orderStarts(db: Queryable) {
  return {
    /** Records which process instance runs the order (first writer wins). */
    async attachProcessInstance(id: string, processInstanceKey: string): Promise<void> {
      await this.attachProcessInstances([{ id, processInstanceKey }]);
    },

    /** `attachProcessInstance` for several orders in one statement. */
    async attachProcessInstances(attachments: { id: string; processInstanceKey: string }[]): Promise<void> {
      if (attachments.length === 1) {
        await db.query(
          `UPDATE orders SET process_instance_key = $2, start_claimed_at = NULL, updated_at = now()
           WHERE id = $1 AND process_instance_key IS NULL`,
          [attachments[0].id, attachments[0].processInstanceKey],
        );
        return;
      }
      const rows = attachments.map((_, i) => `($${2 * i + 1}::text, $${2 * i + 2}::text)`);
      await db.query(
        `UPDATE orders SET process_instance_key = v.key, start_claimed_at = NULL, updated_at = now()
         FROM (VALUES ${rows.join(', ')}) AS v(id, key)
         WHERE orders.id = v.id AND orders.process_instance_key IS NULL`,
        attachments.flatMap((a) => [a.id, a.processInstanceKey]),
      );
    },

    /**
     * Claims an order whose process never started for starting it now: one whose start was refused
     * (cancelled without an instance; it becomes in progress again) or cut off (in progress without an
     * instance, claimed longer than claimTimeoutMs ago or never). Undefined when another start is under way
     * or the order has its instance. The claim ends when the instance is attached or the start fails.
     */
    async claimStart(id: string, claimTimeoutMs: number): Promise<Order | undefined> {
      const claimed = await db.query<OrderRow>(
        `UPDATE orders SET status = 'in_progress', status_reason = NULL, start_claimed_at = now(), updated_at = now()
         WHERE id = $1 AND process_instance_key IS NULL
           AND (status = 'cancelled'
                OR (status = 'in_progress'
                    AND (start_claimed_at IS NULL OR start_claimed_at <= now() - $2::double precision * interval '1 millisecond')))
         RETURNING *`,
        [id, claimTimeoutMs],
      );
      return claimed.rows[0] ? toOrder(claimed.rows[0]) : undefined;
    },

    /**
     * The engine refused to start the order's process: it is closed as cancelled with the reason, and may be
     * placed again (claimStart). An order whose instance got attached meanwhile is left as it is.
     */
    async failStart(id: string, reason: string): Promise<void> {
      await db.query(
        `UPDATE orders SET status = 'cancelled', status_reason = $2, start_claimed_at = NULL, updated_at = now()
         WHERE id = $1 AND process_instance_key IS NULL AND status = 'in_progress'`,
        [id, reason],
      );
    },

    /**
     * Ends the claim without a verdict: the start may or may not have happened (its answer never came). The
     * order stays in progress; register-order attaches the instance if there is one, and otherwise a retry
     * or the start-up repair starts it (looking for that instance first).
     */
    async releaseStart(id: string): Promise<void> {
      await db.query(
        `UPDATE orders SET start_claimed_at = NULL, updated_at = now()
         WHERE id = $1 AND process_instance_key IS NULL AND status = 'in_progress'`,
        [id],
      );
    },

    /** Orders in progress without an instance whose start is not under way (claimed before claimTimeoutMs). */
    async listUnstarted(claimTimeoutMs: number, limit = 1000): Promise<Order[]> {
      const result = await db.query<OrderRow>(
        `SELECT * FROM orders
         WHERE process_instance_key IS NULL AND status = 'in_progress'
           AND (start_claimed_at IS NULL OR start_claimed_at <= now() - $1::double precision * interval '1 millisecond')
         ORDER BY created_at, id LIMIT $2`,
        [claimTimeoutMs, limit],
      );
      return result.rows.map(toOrder);
    },
  };
}
