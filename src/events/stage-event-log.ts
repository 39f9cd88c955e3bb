/**
 * The stage_events table (migration 012) as the publisher and the API use it: the events not yet published,
 * oldest first, marking them published, and reading the log by subject and type.
 */
import type { Queryable } from '../data/database';
import type { StageEventRecord } from './cloud-event';

interface StageEventRow {
  seq: string | number;
  id: string;
  source: string;
  type: string;
  subject: string;
  time: Date;
  data: unknown;
  published_at: Date | null;
}

function toRecord(row: StageEventRow): StageEventRecord {
  return {
    seq: Number(row.seq),
    id: row.id,
    source: row.source,
    type: row.type,
    subject: row.subject,
    time: row.time,
    data: row.data,
    publishedAt: row.published_at,
  };
}

export interface EventLogFilter {
  subject?: string;
  type?: string;
  /** only events after this seq (paging, and the stream's position) */
  after?: number;
  limit?: number;
}

export function createStageEventLog(db: Queryable) {
  return {
    /** The oldest unpublished events after seq `after`, in the order they happened. */
    async unpublished(limit: number, after = 0): Promise<StageEventRecord[]> {
      const result = await db.query<StageEventRow>(
        'SELECT * FROM stage_events WHERE published_at IS NULL AND seq > $2 ORDER BY seq LIMIT $1',
        [limit, after],
      );
      return result.rows.map(toRecord);
    },

    async markPublished(seqs: number[]): Promise<void> {
      await db.query('UPDATE stage_events SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1)', [
        seqs,
      ]);
    },

    /** Keeps why the oldest held event could not be published (visible in the log). */
    async recordFailure(seq: number, error: string): Promise<void> {
      await db.query('UPDATE stage_events SET attempts = attempts + 1, last_error = $2 WHERE seq = $1', [
        seq,
        error.slice(0, 1000),
      ]);
    },

    async list(filter: EventLogFilter = {}): Promise<StageEventRecord[]> {
      const result = await db.query<StageEventRow>(
        `SELECT * FROM stage_events
         WHERE ($1::text IS NULL OR subject = $1) AND ($2::text IS NULL OR type = $2) AND seq > $3
         ORDER BY seq LIMIT $4`,
        [filter.subject ?? null, filter.type ?? null, filter.after ?? 0, filter.limit ?? 100],
      );
      return result.rows.map(toRecord);
    },

    /**
     * Takes or renews the publisher's lease for holder (PostgreSQL, where several app instances may run):
     * true while holder is the one publisher.
     */
    async holdLease(holder: string, leaseMs: number): Promise<boolean> {
      const result = await db.query(
        `INSERT INTO stage_event_publisher_lease AS l (holder, until)
         VALUES ($1, now() + $2::double precision * interval '1 millisecond')
         ON CONFLICT (singleton) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
           WHERE l.holder = EXCLUDED.holder OR l.until < now()
         RETURNING holder`,
        [holder, leaseMs],
      );
      return result.rowCount === 1;
    },
  };
}

export type StageEventLog = ReturnType<typeof createStageEventLog>;
