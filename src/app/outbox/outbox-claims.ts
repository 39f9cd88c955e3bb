/**
 * The outbox rows' delivery state, as the relay changes it. A relay claims one due message for a while
 * (`claimed_until`) in one short statement — FOR UPDATE SKIP LOCKED, so relays in other app instances skip it —
 * and delivers it outside any transaction: an HTTP call never holds a lock (PGlite runs one transaction at a
 * time; the whole app would wait). A claim that is not settled (the process died) expires and the message is
 * claimed again; the receiver drops the repeat by its idempotency key.
 */
import type { Queryable } from '../../data/database';
import { type OutboxMessage, type OutboxRow, toMessage } from '../../data/repositories/outbox-repository';

/**
 * Claims the oldest pending message that is due and not claimed by a live relay, for `$1` ms; never `$2`, the
 * message a relay is marking sent in the same statement (null: none).
 */
const CLAIM_NEXT_DUE = `UPDATE outbox SET claimed_until = now() + $1::int * interval '1 millisecond'
     WHERE id = (
       SELECT id FROM outbox
       WHERE status = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until <= now())
         AND id IS DISTINCT FROM $2::bigint
       ORDER BY id LIMIT 1
       FOR UPDATE SKIP LOCKED)
     RETURNING *`;

/** The oldest pending message that is due and not claimed by a live relay, now claimed for `claimMs`. */
export async function claimNextDue(db: Queryable, claimMs: number): Promise<OutboxMessage | undefined> {
  const { rows } = await db.query<OutboxRow>(CLAIM_NEXT_DUE, [claimMs, null]);
  return rows[0] ? toMessage(rows[0]) : undefined;
}

/** The receiver has it. A message another relay already marked stays as it is. */
export async function markSent(db: Queryable, id: number): Promise<void> {
  await db.query(
    `UPDATE outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, claimed_until = NULL
     WHERE id = $1 AND status = 'pending'`,
    [id],
  );
}

/**
 * markSent and claimNextDue in one statement, as a relay draining the outbox does one after the other (the
 * message marked is never the one claimed).
 */
export async function markSentAndClaimNext(
  db: Queryable,
  id: number,
  claimMs: number,
): Promise<OutboxMessage | undefined> {
  const { rows } = await db.query<OutboxRow>(
    `WITH sent AS (
       UPDATE outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, claimed_until = NULL
       WHERE id = $2 AND status = 'pending')
     ${CLAIM_NEXT_DUE}`,
    [claimMs, id],
  );
  return rows[0] ? toMessage(rows[0]) : undefined;
}

/** One failed attempt: retried after `retryInMs`, or marked failed when `giveUp`. */
export async function recordFailedAttempt(
  db: Queryable,
  id: number,
  error: string,
  next: { giveUp: boolean; retryInMs: number },
): Promise<void> {
  await db.query(
    `UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL,
       status = CASE WHEN $3::boolean THEN 'failed' ELSE 'pending' END,
       failed_at = CASE WHEN $3::boolean THEN now() ELSE NULL END,
       next_attempt_at = now() + $4::int * interval '1 millisecond'
     WHERE id = $1 AND status = 'pending'`,
    [id, error, next.giveUp, next.retryInMs],
  );
}

/** Gives an abandoned message back unmarked: the next sweep delivers it again. */
export async function releaseClaim(db: Queryable, id: number): Promise<void> {
  await db.query(`UPDATE outbox SET claimed_until = NULL WHERE id = $1 AND status = 'pending'`, [id]);
}

/**
 * Releases every claim. Only for a database no other relay can be using (embedded PGlite belongs to one
 * process): after a crash its messages go out at once instead of after the claims expire.
 */
export async function releaseAllClaims(db: Queryable): Promise<number> {
  const result = await db.query(`UPDATE outbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL`);
  return result.rowCount;
}
