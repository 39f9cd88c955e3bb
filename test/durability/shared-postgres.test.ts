/**
 * What several api processes share on one PostgreSQL (issue 26), each process as a pool of its own: two outbox
 * relays delivering at the same time send each message once (claims with FOR UPDATE SKIP LOCKED), and two
 * loyalty consumers given the same order.completed events (a redelivery reaching another process) credit
 * each once. On PGlite one process owns the database, so only PostgreSQL shows this.
 */
import pino from 'pino';
import { type OutboxDeliver, startOutboxRelay } from '../../src/app/outbox/outbox-relay';
import { createRepositories, migrate } from '../../src/data';
import type { Database } from '../../src/data/database';
import { openPostgresDatabase } from '../../src/data/postgres-database';
import { createLoyaltyLedger } from '../../src/loyalty/loyalty-ledger';
import { type OwnDatabase, ownPostgresDatabase } from '../support/postgres-database';

jest.setTimeout(60_000);
const logger = pino({ level: 'silent' });

describe('two processes on one PostgreSQL', () => {
  let own: OwnDatabase;
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    own = await ownPostgresDatabase('baton_shared_pg');
    first = await openPostgresDatabase(own.url);
    await migrate(first);
    second = await openPostgresDatabase(own.url);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await own?.close();
  });

  test('two outbox relays deliver each message once', async () => {
    const outbox = createRepositories(first).outbox;
    const keys = Array.from({ length: 40 }, (_, i) => `ops:${i}`);
    for (const key of keys) {
      await outbox.enqueue({ idempotencyKey: key, channel: 'ops', topic: 'shipment-sla-breached', payload: { key } });
    }
    const calls = new Map<string, number>();
    const byRelay = { first: 0, second: 0 };
    const deliverFor =
      (relay: keyof typeof byRelay): OutboxDeliver =>
      async (m) => {
        calls.set(m.idempotencyKey, (calls.get(m.idempotencyKey) ?? 0) + 1);
        byRelay[relay]++;
        // a receiver that takes a moment, so both relays are delivering at once
        await new Promise((resolve) => setTimeout(resolve, 5));
      };
    const relays = [
      startOutboxRelay({ db: first, logger, intervalMs: 60_000, deliver: deliverFor('first') }),
      startOutboxRelay({ db: second, logger, intervalMs: 60_000, deliver: deliverFor('second') }),
    ];
    await Promise.all(relays.map((r) => r.drain()));
    await Promise.all(relays.map((r) => r.stop()));
    expect(await outbox.pending()).toEqual([]);
    expect(keys.map((key) => calls.get(key))).toEqual(keys.map(() => 1));
    // both took part (the second is not merely waiting for the first's locks)
    expect(byRelay.first).toBeGreaterThan(0);
    expect(byRelay.second).toBeGreaterThan(0);
  });

  test('two loyalty consumers given the same events credit each once', async () => {
    const ledgers = [createLoyaltyLedger(first), createLoyaltyLedger(second)];
    const events = Array.from({ length: 30 }, (_, i) => ({ id: `evt-${i}`, customerId: `c-${i % 3}`, points: 10 }));
    const results = await Promise.all(
      events.flatMap((e) => ledgers.map((ledger) => ledger.credit(e.id, e.customerId, e.points))),
    );
    expect(results.filter(Boolean)).toHaveLength(events.length);
    for (const customer of ['c-0', 'c-1', 'c-2']) {
      expect(await ledgers[1].points(customer)).toBe(100);
    }
  });
});
