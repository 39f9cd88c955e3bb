/**
 * The stage events' queue (migration 016): the publisher reads pending events as one aggregated row and
 * builds their structured JSON without CloudEvent objects, and publications are recorded beside the log.
 * What must hold: the bodies are the bytes toStructuredJson(toCloudEvent(…)) gave (and valid CloudEvents),
 * GET /api/events' publishedAt is as before, and a database migrated from 015 keeps what was published.
 */
import { type Database, migrate } from '../../src/data';
import { loadMigrations } from '../../src/data/migrate';
import { openPgliteDatabase } from '../../src/data/pglite-database';
import { parseStructuredJson, toCloudEvent, toStructuredJson } from '../../src/events/cloud-event';
import { createStageEventLog } from '../../src/events/stage-event-log';
import { openTestDatabase } from '../data/test-database';

const insertEvents = (db: Database) =>
  db.query(
    `INSERT INTO stage_events (source, type, subject, time, data) VALUES
       ('/baton/orders', 'order.placed', 'o-"1"', '2026-12-07 10:00:00.123456+00', '{"id": "o-\\"1\\"", "amount": 42.5}'),
       ('/baton/onboardings', 'onboarding.started', 'kunde-ü', '2026-12-07 11:30:00+01', '{"customerId": "kunde-ü", "tenant": null}'),
       ('/baton/orders', 'order.completed', 'o-2', '2026-12-07 12:00:00.999999+00', '{"items": [{"sku": "A", "quantity": 2}]}')`,
  );

describe('the stage events queue', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => db.exec('TRUNCATE stage_events'));

  it('builds each pending event as the same bytes as its CloudEvent, a valid one, in seq order', async () => {
    await insertEvents(db);
    const log = createStageEventLog(db);
    const logged = await log.list();
    const batch = await log.pendingBatch(10);
    expect(batch.seqs).toEqual(logged.map((r) => r.seq));
    expect(batch.events.map((e) => e.json)).toEqual(logged.map((r) => toStructuredJson(toCloudEvent(r)).toString()));
    for (const [i, event] of batch.events.entries()) {
      const parsed = parseStructuredJson(event.json);
      expect({ id: event.id, type: event.type, subject: event.subject }).toEqual({
        id: parsed.id,
        type: parsed.type,
        subject: parsed.subject,
      });
      expect(parsed.data).toEqual(logged[i].data);
    }
    expect(parseStructuredJson(batch.events[0].json).time).toBe('2026-12-07T10:00:00.123Z');
    expect((await log.pendingBatch(10, batch.seqs[1])).seqs).toEqual([batch.seqs[2]]);
  });

  it('a marked event leaves the queue and shows when it was published; marking again keeps that time', async () => {
    await insertEvents(db);
    const log = createStageEventLog(db);
    const { seqs } = await log.pendingBatch(2);
    await log.markPublished(seqs);
    const first = await log.list();
    expect(first.map((r) => r.publishedAt !== null)).toEqual([true, true, false]);
    expect((await log.unpublished(10)).map((r) => r.seq)).toEqual([first[2].seq]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await log.markPublished(seqs);
    expect((await log.list()).map((r) => r.publishedAt)).toEqual(first.map((r) => r.publishedAt));
    await db.exec('TRUNCATE stage_events');
    expect(await log.pendingBatch(10)).toEqual({ seqs: [], events: [] });
  });

  it('migrating from 015 keeps what was published and queues what was not', async () => {
    const old = await openPgliteDatabase({});
    try {
      const all = loadMigrations();
      await migrate(
        old,
        all.filter((m) => m.version < 16),
      );
      await insertEvents(old);
      await old.exec(`UPDATE stage_events SET published_at = '2026-12-07 13:00:00+00' WHERE type <> 'order.completed'`);
      await migrate(old, all);
      const log = createStageEventLog(old);
      expect((await log.list()).map((r) => [r.type, r.publishedAt?.toISOString() ?? null])).toEqual([
        ['order.placed', '2026-12-07T13:00:00.000Z'],
        ['onboarding.started', '2026-12-07T13:00:00.000Z'],
        ['order.completed', null],
      ]);
      expect((await log.pendingBatch(10)).events.map((e) => e.type)).toEqual(['order.completed']);
    } finally {
      await old.close();
    }
  });
});
