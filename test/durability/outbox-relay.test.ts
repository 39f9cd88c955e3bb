/**
 * The outbox delivers each notification exactly once across restarts: a relay that dies mid-delivery
 * (once after the receiver took the message but before it was marked sent, once before the send got out)
 * leaves those messages pending; the relay started after it delivers them with the same idempotency key,
 * the receiver drops the repeat, and every message reaches its recipient once. Nothing is lost.
 */
import pino from 'pino';
import { type OutboxDeliver, type OutboxRelay, startOutboxRelay } from '../../src/app/outbox/outbox-relay';
import { createRepositories } from '../../src/data';
import type { Database } from '../../src/data/database';
import type { OutboxMessage } from '../../src/data/repositories/outbox-repository';
import { openTestDatabase } from '../data/test-database';

const logger = pino({ level: 'silent' });

/** A receiver with idempotency keys, as mail and alerting APIs offer them. */
function receiver() {
  const calls = new Map<string, number>();
  const delivered: OutboxMessage[] = [];
  const accept: OutboxDeliver = async (message) => {
    calls.set(message.idempotencyKey, (calls.get(message.idempotencyKey) ?? 0) + 1);
    if (!delivered.some((m) => m.idempotencyKey === message.idempotencyKey)) delivered.push(message);
  };
  return { calls, delivered, accept };
}

class RelayDied extends Error {}

describe('outbox relay', () => {
  let db: Database;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });
  afterAll(async () => {
    await db?.close();
  });

  test('a restart in the middle of delivery neither loses nor repeats a notification', async () => {
    const outbox = createRepositories(db).outbox;
    for (let i = 1; i <= 6; i++) {
      await outbox.enqueue({
        idempotencyKey: `order:o-${i}:confirmation`,
        channel: 'email',
        topic: 'order-confirmation',
        recipient: `c-${i}`,
        payload: { orderId: `o-${i}` },
      });
    }
    const mail = receiver();

    // first relay: delivers o-1 and o-2, dies after the receiver took o-3 (before marking it sent)
    let seen = 0;
    const dies = new Promise<void>((resolve) => {
      relay = startOutboxRelay({
        db,
        logger,
        intervalMs: 60_000,
        deliver: async (message) => {
          seen++;
          await mail.accept(message);
          if (seen === 3) {
            resolve();
            throw new RelayDied('the process died after sending, before marking');
          }
        },
      });
    });
    await dies;
    await relay?.stop();
    expect((await outbox.pending()).map((m) => m.idempotencyKey)).toEqual(
      ['o-3', 'o-4', 'o-5', 'o-6'].map((o) => `order:${o}:confirmation`),
    );

    // second relay: dies before its first send gets out
    relay = startOutboxRelay({
      db,
      logger,
      intervalMs: 60_000,
      deliver: async () => {
        throw new RelayDied('the process died before sending');
      },
    });
    await relay.drain().catch((err) => expect(err).toBeInstanceOf(RelayDied));
    await relay.stop();

    // third relay (after the restart) finishes the job
    relay = startOutboxRelay({ db, logger, intervalMs: 60_000, deliver: mail.accept });
    await relay.drain(); // alongside its own first sweep: the claims lock rows, so no message goes to both
    await relay.stop();

    const all = await outbox.list();
    expect(all.map((m) => [m.idempotencyKey, m.status, m.attempts])).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => [`order:o-${i}:confirmation`, 'sent', 1]),
    );
    // every notification reached its recipient once; o-3 was sent twice and the repeat was dropped by key
    expect(mail.delivered.map((m) => m.recipient)).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5', 'c-6']);
    expect(mail.calls.get('order:o-3:confirmation')).toBe(2);
    expect([...mail.calls.entries()].filter(([key, n]) => n !== 1 && key !== 'order:o-3:confirmation')).toEqual([]);
  });

  test('two relays at once deliver each message once (row locks are skipped, not waited on twice)', async () => {
    const outbox = createRepositories(db).outbox;
    for (let i = 1; i <= 10; i++) {
      await outbox.enqueue({
        idempotencyKey: `ops:${i}`,
        channel: 'ops',
        topic: 'shipment-sla-breached',
        payload: { i },
      });
    }
    const calls = new Map<string, number>();
    const deliver: OutboxDeliver = async (m) => {
      calls.set(m.idempotencyKey, (calls.get(m.idempotencyKey) ?? 0) + 1);
    };
    const a = startOutboxRelay({ db, logger, intervalMs: 60_000, deliver });
    const b = startOutboxRelay({ db, logger, intervalMs: 60_000, deliver });
    await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.stop(), b.stop()]);
    expect(await outbox.pending()).toEqual([]);
    const opsCalls = [...calls.entries()].filter(([key]) => key.startsWith('ops:'));
    expect(opsCalls).toHaveLength(10);
    expect(opsCalls.every(([, n]) => n === 1)).toBe(true);
  });

  test('a relay stopped while it delivers marks that message sent and leaves the next one unclaimed', async () => {
    const outbox = createRepositories(db).outbox;
    for (let i = 1; i <= 3; i++) {
      await outbox.enqueue({ idempotencyKey: `stop:${i}`, channel: 'ops', topic: 'stop-test', payload: { i } });
    }
    const delivered: string[] = [];
    let stopped: Promise<void> | undefined;
    const stopper = startOutboxRelay({
      db,
      logger,
      intervalMs: 60_000,
      deliver: async (m) => {
        delivered.push(m.idempotencyKey);
        stopped ??= stopper.stop();
      },
    });
    relay = stopper;
    await stopper.drain().catch(() => 0);
    await stopped;
    expect(delivered.filter((key) => key.startsWith('stop:'))).toEqual(['stop:1']);
    const rows = await db.query<{ idempotency_key: string; status: string; claimed_until: Date | null }>(
      `SELECT idempotency_key, status, claimed_until FROM outbox WHERE topic = 'stop-test' ORDER BY id`,
    );
    expect(rows.rows.map((r) => [r.idempotency_key, r.status, r.claimed_until])).toEqual([
      ['stop:1', 'sent', null],
      ['stop:2', 'pending', null],
      ['stop:3', 'pending', null],
    ]);
  });
});
