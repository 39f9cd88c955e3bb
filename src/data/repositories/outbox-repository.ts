/**
 * The notifications outbox. Workers enqueue messages keyed by an idempotency key (a redelivered job finds
 * its message already there); a relay delivers pending messages and marks them sent.
 */
import type { Queryable } from '../database';

export type OutboxChannel = 'email' | 'ops' | 'analytics';

export interface OutboxMessage {
  id: number;
  idempotencyKey: string;
  channel: OutboxChannel;
  topic: string;
  recipient: string | null;
  payload: Record<string, unknown>;
  status: 'pending' | 'sent';
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

export interface NewOutboxMessage {
  idempotencyKey: string;
  channel: OutboxChannel;
  /** What the message is: a template name for emails, an event name for analytics. */
  topic: string;
  recipient?: string;
  payload: Record<string, unknown>;
}

interface OutboxRow {
  id: number;
  idempotency_key: string;
  channel: OutboxChannel;
  topic: string;
  recipient: string | null;
  payload: Record<string, unknown>;
  status: 'pending' | 'sent';
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    channel: row.channel,
    topic: row.topic,
    recipient: row.recipient,
    payload: row.payload,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

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

    async list(filter: { topic?: string; recipient?: string } = {}): Promise<OutboxMessage[]> {
      const result = await db.query<OutboxRow>(
        `SELECT * FROM outbox
         WHERE ($1::text IS NULL OR topic = $1) AND ($2::text IS NULL OR recipient = $2)
         ORDER BY id`,
        [filter.topic ?? null, filter.recipient ?? null],
      );
      return result.rows.map(toMessage);
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
