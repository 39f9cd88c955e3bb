/**
 * Exactly once across a restart: the app is stopped while the receiver holds a confirmation it has already
 * taken (it has not answered yet), then started again on the same DATA_DIR. The outbox row was never marked
 * sent, so the new run sends it again with the same idempotency key; the receiver drops that repeat. The
 * relay sent it at most twice, the receiver accepted it once, and the row ends sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningBaton } from '../../src/boot/start-baton';
import { createRepositories, openDatabase } from '../../src/data';
import { eventually } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';
import { placeLampOrder } from './app-harness';
import { type OutboxReceiver, startOutboxReceiver } from './outbox-receiver';

const API_KEY = 'outbox-restart-key-0123456789';
// each test starts the app on an on-disk PGlite twice (the first start creates it): slow on a busy CI box
jest.setTimeout(120_000);

describe('outbox delivery across a restart', () => {
  let dataDir: string;
  let receiver: OutboxReceiver;
  let baton: RunningBaton | undefined;

  const start = () =>
    startTestBaton({
      dataDir,
      env: { ENGINE_DATA: 'memory', API_KEY, OUTBOX_WEBHOOK_URL: receiver.url, OUTBOX_POLL_INTERVAL_MS: '50' },
      // a long claim: only the restart itself can make the message go out again
      outbox: { retryBackoffMs: 50, claimMs: 10 * 60_000, webhookTimeoutMs: 60_000 },
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-outbox-restart-'));
    receiver = await startOutboxReceiver();
  });
  afterAll(async () => {
    await baton?.close(5_000);
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a confirmation in flight when the app stops is delivered once after it starts again', async () => {
    const orderId = 'restart-order-1';
    const key = `order:${orderId}:confirmation`;
    receiver.plan(key, ['hold']);
    const held = receiver.held(key);

    baton = await start();
    await placeLampOrder(baton.url, API_KEY, orderId);
    await held; // the receiver has the message; its answer is not out yet

    await baton.close(5_000); // stops the relay mid-delivery: the row must stay unmarked
    baton = undefined;
    expect(receiver.requestsFor(key)).toHaveLength(1);

    baton = await start();
    const running = baton;
    const outbox = createRepositories(running.db).outbox;
    const sent = await eventually(
      async () => (await outbox.list()).find((m) => m.idempotencyKey === key),
      (m) => m?.status === 'sent',
      `${key} sent after the restart`,
    );
    expect(sent).toMatchObject({ attempts: 1, lastError: null });

    // sent twice (the first run's abandoned attempt, the second run's delivery), taken once
    const sends = receiver.requestsFor(key);
    expect(sends).toHaveLength(2);
    expect(sends.every((r) => r.idempotencyKey === key && r.body.idempotencyKey === key)).toBe(true);
    expect(receiver.accepted.filter((k) => k === key)).toEqual([key]);
  });

  test('a claim left behind by a crashed run does not hold the message back after the restart', async () => {
    const orderId = 'restart-order-2';
    const key = `order:${orderId}:confirmation`;
    receiver.plan(key, ['hold']);
    const held = receiver.held(key);
    baton ??= await start();
    await placeLampOrder(baton.url, API_KEY, orderId);
    await held;
    await baton.close(5_000);
    baton = undefined;

    // what a kill -9 mid-delivery leaves on disk: the row still claimed (for 10 more minutes here)
    const db = await openDatabase({ dataDir });
    const claimed = await db.query(
      `UPDATE outbox SET claimed_until = now() + interval '10 minutes' WHERE idempotency_key = $1 AND status = 'pending'`,
      [key],
    );
    await db.close();
    expect(claimed.rowCount).toBe(1);

    baton = await start();
    const outbox = createRepositories(baton.db).outbox;
    const sent = await eventually(
      async () => (await outbox.list()).find((m) => m.idempotencyKey === key),
      (m) => m?.status === 'sent',
      `${key} sent after the crash`,
    );
    expect(sent?.attempts).toBe(1);
    expect(receiver.requestsFor(key)).toHaveLength(2);
    expect(receiver.accepted.filter((k) => k === key)).toEqual([key]);
  });
});
