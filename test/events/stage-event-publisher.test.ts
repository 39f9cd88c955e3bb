/**
 * The publisher reads the next batch while the bus confirms the current one (issue 24's bench). What that
 * must not change: one batch is on the bus at a time, a batch the bus refused is offered again before any
 * later event, and an event counts as sent only after its batch was confirmed.
 */
import pino from 'pino';
import type { Database } from '../../src/data';
import type { StructuredEvent } from '../../src/events/cloud-event';
import type { EventBus } from '../../src/events/event-bus';
import { createStageEventLog } from '../../src/events/stage-event-log';
import { startStageEventPublisher } from '../../src/events/stage-event-publisher';
import { openTestDatabase } from '../data/test-database';
import { resetEventData } from './stage-event-fixtures';

const quiet = pino({ level: 'silent' });

/** A bus that confirms each publish when the test says so, and refuses the publishes it is told to. */
function controlledBus() {
  const offered: string[][] = [];
  const confirmed: string[] = [];
  const waiting: { confirm(): void; refuse(err: Error): void }[] = [];
  let onBus = 0;
  let mostOnBus = 0;
  const bus: EventBus = {
    description: 'a test bus',
    publish(events: StructuredEvent[]) {
      offered.push(events.map((e) => e.subject ?? ''));
      onBus += 1;
      mostOnBus = Math.max(mostOnBus, onBus);
      return new Promise<void>((resolve, reject) => {
        waiting.push({
          confirm() {
            onBus -= 1;
            confirmed.push(...events.map((e) => e.subject ?? ''));
            resolve();
          },
          refuse(err) {
            onBus -= 1;
            reject(err);
          },
        });
      });
    },
    subscribe: async () => {},
    close: async () => {},
  };
  const next = async () => {
    for (let i = 0; i < 500 && waiting.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const batch = waiting.shift();
    if (!batch) throw new Error('nothing was published');
    return batch;
  };
  return { bus, offered, confirmed, next, mostOnBus: () => mostOnBus };
}

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});

afterAll(async () => {
  await db.close();
});

beforeEach(async () => {
  await resetEventData(db);
  await db.exec('TRUNCATE stage_events');
  await db.query(
    `INSERT INTO stage_events (source, type, subject, data)
     SELECT '/baton/orders', 'order.placed', 'e-' || lpad(i::text, 2, '0'), '{}'::jsonb FROM generate_series(1, 7) AS i`,
  );
});

const unpublishedSubjects = async () =>
  (await createStageEventLog(db).unpublished(100)).map((record) => record.subject).join(',');

test('one batch at a time; an event counts as sent only once its batch is confirmed', async () => {
  const { bus, offered, next, mostOnBus } = controlledBus();
  const publisher = startStageEventPublisher({ db, bus, logger: quiet, batchSize: 3, intervalMs: 20 });
  const first = await next();
  // the next batch is read meanwhile, but not offered, and nothing counts as sent
  await new Promise((r) => setTimeout(r, 100));
  expect(offered).toEqual([['e-01', 'e-02', 'e-03']]);
  await expect(unpublishedSubjects()).resolves.toBe('e-01,e-02,e-03,e-04,e-05,e-06,e-07');
  first.confirm();
  const second = await next();
  expect(offered[1]).toEqual(['e-04', 'e-05', 'e-06']);
  second.confirm();
  (await next()).confirm();
  await publisher.drained(5_000);
  await publisher.stop();
  expect(offered).toEqual([['e-01', 'e-02', 'e-03'], ['e-04', 'e-05', 'e-06'], ['e-07']]);
  expect(mostOnBus()).toBe(1);
  await expect(unpublishedSubjects()).resolves.toBe('');
});

test('a refused batch is offered again before the batch read ahead of it', async () => {
  const { bus, offered, confirmed, next, mostOnBus } = controlledBus();
  const publisher = startStageEventPublisher({
    db,
    bus,
    logger: quiet,
    batchSize: 3,
    intervalMs: 20,
    maxBackoffMs: 50,
  });
  (await next()).confirm();
  (await next()).refuse(new Error('broker gone'));
  for (;;) {
    const batch = await next();
    batch.confirm();
    if (confirmed.includes('e-07')) break;
  }
  await publisher.drained(5_000);
  await publisher.stop();
  expect(offered.slice(0, 3)).toEqual([
    ['e-01', 'e-02', 'e-03'],
    ['e-04', 'e-05', 'e-06'],
    ['e-04', 'e-05', 'e-06'],
  ]);
  expect(confirmed).toEqual(['e-01', 'e-02', 'e-03', 'e-04', 'e-05', 'e-06', 'e-07']);
  expect(mostOnBus()).toBe(1);
  await expect(unpublishedSubjects()).resolves.toBe('');
});

test('a batch confirmed at once, while the batch before it is still to be marked, leaves neither to be sent again', async () => {
  // the first confirm comes late (after the publisher read ahead), the next ones at once: the second batch's
  // confirmation arrives while the first is confirmed but not yet marked sent
  const offered: string[][] = [];
  const bus: EventBus = {
    description: 'a bus that confirms late once, then at once',
    publish(events: StructuredEvent[]) {
      offered.push(events.map((e) => e.subject ?? ''));
      return offered.length === 1 ? new Promise((resolve) => setTimeout(resolve, 50)) : Promise.resolve();
    },
    subscribe: async () => {},
    close: async () => {},
  };
  const publisher = startStageEventPublisher({ db, bus, logger: quiet, batchSize: 3, intervalMs: 20 });
  await publisher.drained(5_000);
  await new Promise((r) => setTimeout(r, 100)); // idle turns, which would offer anything left unmarked again
  await publisher.stop();
  expect(offered.flat()).toEqual(['e-01', 'e-02', 'e-03', 'e-04', 'e-05', 'e-06', 'e-07']);
});
