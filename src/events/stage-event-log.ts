/**
 * The stage_events table (migrations 012, 016) as the publisher and the API use it: the events not yet
 * published (queued in stage_events_pending), oldest first, marking them published (moved from the queue to
 * stage_event_publications), and reading the log by subject and type.
 */
import type { Queryable } from '../data/database';
import { type StageEventRecord, type StructuredEvent, stageEventJson } from './cloud-event';

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

/** One pending event as json_build_array gives it: seq, id, source, type, subject, time, data. */
type PendingTuple = [number, string, string, string, string, string, unknown];

/** What the publisher sends next: the events in order, and their seqs to mark once the bus confirmed them. */
export interface PendingBatch {
  seqs: number[];
  events: StructuredEvent[];
}

// The bound on e.seq too: the planner does not carry p.seq's over the join, and without it merge-joins from
// the start of stage_events. One aggregated row per batch: on PGlite, parsing a result costs per row and
// column far more than the JSON does.
const PENDING_BATCH_SQL = `
  SELECT json_agg(json_build_array(seq, id, source, type, subject, time, data) ORDER BY seq)::text AS batch
  FROM (SELECT e.seq, e.id, e.source, e.type, e.subject, e.time, e.data
        FROM stage_events_pending p JOIN stage_events e ON e.seq = p.seq
        WHERE p.seq > $2 AND e.seq > $2 ORDER BY p.seq LIMIT $1) pending`;

const COLUMNS = 'e.seq, e.id, e.source, e.type, e.subject, e.time, e.data';

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
        `SELECT ${COLUMNS}, NULL AS published_at FROM stage_events_pending p JOIN stage_events e ON e.seq = p.seq
         WHERE p.seq > $2 AND e.seq > $2 ORDER BY p.seq LIMIT $1`,
        [limit, after],
      );
      return result.rows.map(toRecord);
    },

    /** The same events as unpublished(), ready for the bus (structured JSON built without CloudEvent objects). */
    async pendingBatch(limit: number, after = 0): Promise<PendingBatch> {
      const result = await db.query<{ batch: string | null }>(PENDING_BATCH_SQL, [limit, after]);
      const tuples: PendingTuple[] = JSON.parse(result.rows[0]?.batch ?? '[]');
      const seqs: number[] = [];
      const events: StructuredEvent[] = [];
      for (const [seq, id, source, type, subject, time, data] of tuples) {
        seqs.push(seq);
        events.push({ id, type, subject, json: stageEventJson({ id, source, type, subject, time, data }) });
      }
      return { seqs, events };
    },

    /** Once the bus confirmed them; a seq no longer queued (marked already) is left as it is. */
    async markPublished(seqs: number[]): Promise<void> {
      await db.query(
        `WITH sent AS (DELETE FROM stage_events_pending WHERE seq = ANY($1) RETURNING seq)
         INSERT INTO stage_event_publications (seq, published_at) SELECT seq, now() FROM sent`,
        [seqs],
      );
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
        // a subquery per returned row: a join may read all publications first
        `SELECT ${COLUMNS}, (SELECT p.published_at FROM stage_event_publications p WHERE p.seq = e.seq) AS published_at
         FROM stage_events e
         WHERE ($1::text IS NULL OR e.subject = $1) AND ($2::text IS NULL OR e.type = $2) AND e.seq > $3
         ORDER BY e.seq LIMIT $4`,
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
