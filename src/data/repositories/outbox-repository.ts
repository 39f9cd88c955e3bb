/**
 * The notifications outbox. Workers enqueue messages keyed by an idempotency key (a redelivered job finds
 * its message already there); a relay delivers pending messages and marks them sent.
 */
import type { Queryable } from '../database';
import { type RowOf, rowReader } from './row-reader';

export type OutboxChannel = 'email' | 'ops' | 'analytics';
/** pending until delivered ('sent'); 'failed' once the relay gave up after its last attempt */
export type OutboxStatus = 'pending' | 'sent' | 'failed';
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'failed'];

export interface OutboxMessage {
  id: number;
  idempotencyKey: string;
  channel: OutboxChannel;
  topic: string;
  recipient: string | null;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  /** when the relay tries (again) */
  nextAttemptAt: Date;
  /** why the last attempt failed (kept after a later success) */
  lastError: string | null;
  failedAt: Date | null;
}

export interface NewOutboxMessage {
  idempotencyKey: string;
  channel: OutboxChannel;
  /** What the message is: a template name for emails, an event name for analytics. */
  topic: string;
  recipient?: string;
  payload: Record<string, unknown>;
}

export type OutboxRow = RowOf<OutboxMessage>;

export const toMessage = rowReader<OutboxMessage>({
  id: true,
  idempotencyKey: true,
  channel: true,
  topic: true,
  recipient: true,
  payload: true,
  status: true,
  attempts: true,
  createdAt: true,
  sentAt: true,
  nextAttemptAt: true,
  lastError: true,
  failedAt: true,
});

export function createOutboxRepository(db: Queryable) {
  return {
    async enqueue(message: NewOutboxMessage): Promise<{ message: OutboxMessage; created: boolean }> {
      const inserted = await db.query<OutboxRow>(
        `INSERT INTO outbox (idempotency_key, channel, topic, recipient, payload)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          message.idempotencyKey,
          message.channel,
          message.topic,
          message.recipient ?? null,
          JSON.stringify(message.payload),
        ],
      );
      if (inserted.rows[0]) return { message: toMessage(inserted.rows[0]), created: true };
      const existing = await db.query<OutboxRow>('SELECT * FROM outbox WHERE idempotency_key = $1', [
        message.idempotencyKey,
      ]);
      return { message: toMessage(existing.rows[0]), created: false };
    },

    async pending(limit = 100): Promise<OutboxMessage[]> {
      const result = await db.query<OutboxRow>(`SELECT * FROM outbox WHERE status = 'pending' ORDER BY id LIMIT $1`, [
        limit,
      ]);
      return result.rows.map(toMessage);
    },

    /** Marks a message delivered; false when it was already marked (another relay got there first). */
    async markSent(id: number): Promise<boolean> {
      const result = await db.query(
        `UPDATE outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1 AND status = 'pending'`,
        [id],
      );
      return result.rowCount === 1;
    },

    /** How many messages are in each state (the app's metrics: the backlog is the pending count). */
    async countByStatus(): Promise<Record<OutboxStatus, number>> {
      const result = await db.query<{ status: OutboxStatus; count: string | number }>(
        'SELECT status, count(*) AS count FROM outbox GROUP BY status',
      );
      const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
      for (const row of result.rows) counts[row.status] = Number(row.count);
      return counts;
    },

    async list(
      filter: { topic?: string; recipient?: string; status?: OutboxStatus; limit?: number } = {},
    ): Promise<OutboxMessage[]> {
      const result = await db.query<OutboxRow>(
        `SELECT * FROM outbox
         WHERE ($1::text IS NULL OR topic = $1) AND ($2::text IS NULL OR recipient = $2)
           AND ($3::text IS NULL OR status = $3)
         ORDER BY id
         LIMIT $4`,
        [filter.topic ?? null, filter.recipient ?? null, filter.status ?? null, filter.limit ?? null],
      );
      return result.rows.map(toMessage);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
