/**
 * The outbox reaches a webhook, as `npm start` runs it with OUTBOX_WEBHOOK_URL set: orders placed through the
 * API produce one confirmation each, POSTed to a local receiver with the outbox row's idempotency key. A
 * receiver answering 500 is retried and then succeeds; a receiver that is down gets the message once it is
 * back, nothing lost; a receiver that never accepts leaves the message `failed` with its error, visible in
 * GET /api/outbox?status=failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { createRepositories } from '../../src/data';
import type { OutboxMessage } from '../../src/data/repositories/outbox-repository';
import { openTestDatabase } from '../data/test-database';
import { eventually } from '../support/eventually';
import { startTestBaton } from '../support/test-baton';
import { placeLampOrder } from './app-harness';
import { type OutboxReceiver, startOutboxReceiver } from './outbox-receiver';

const API_KEY = 'outbox-webhook-key-0123456789';
const MAX_ATTEMPTS = 8;
// bounded by the waits below, not by jest's default: the app start and an order take a while on a busy box
jest.setTimeout(90_000);

describe('outbox delivery to a webhook', () => {
  let baton: RunningBaton;
  let receiver: OutboxReceiver;
  let dataDir: string;

  beforeAll(async () => {
    receiver = await startOutboxReceiver();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-outbox-'));
    baton = await startTestBaton({
      dataDir,
      env: { ENGINE_DATA: 'memory', API_KEY, OUTBOX_WEBHOOK_URL: receiver.url, OUTBOX_POLL_INTERVAL_MS: '50' },
      openDatabase: openTestDatabase,
      outbox: { maxAttempts: MAX_ATTEMPTS, retryBackoffMs: 50, maxBackoffMs: 400, webhookTimeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await baton?.close(5_000);
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const outboxRow = async (key: string): Promise<OutboxMessage | undefined> =>
    (await createRepositories(baton.db).outbox.list()).find((m) => m.idempotencyKey === key);

  let orders = 0;
  /** An order id and the idempotency key its confirmation will have, before the order exists. */
  const nextOrder = () => {
    const orderId = `outbox-order-${++orders}`;
    return { orderId, key: `order:${orderId}:confirmation` };
  };
  const placeOrder = (orderId: string) => placeLampOrder(baton.url, API_KEY, orderId);

  test('an order sends exactly one confirmation, keyed by the outbox row', async () => {
    const { orderId, key } = nextOrder();
    await placeOrder(orderId);
    const sent = await eventually(
      () => outboxRow(key),
      (m) => m?.status === 'sent',
      `${key} sent`,
    );
    expect(sent).toMatchObject({ attempts: 1, lastError: null });

    expect(receiver.requestsFor(key)).toHaveLength(1);
    const [delivery] = receiver.requestsFor(key);
    expect(delivery.contentType).toMatch(/^application\/json/);
    expect(delivery.body).toEqual({
      id: sent?.id,
      idempotencyKey: key,
      channel: 'email',
      topic: 'order-confirmation',
      recipient: 'customer-1',
      subject: `Your order ${orderId} is confirmed`,
      body: expect.stringContaining(orderId),
      payload: expect.objectContaining({ orderId }),
      createdAt: expect.any(String),
      attempt: 1,
    });
    expect(receiver.accepted.filter((k) => k === key)).toHaveLength(1);
  });

  test('a receiver answering 500 is retried with the same key until it accepts', async () => {
    const { orderId, key } = nextOrder();
    receiver.plan(key, [500, 500]);
    await placeOrder(orderId);
    const sent = await eventually(
      () => outboxRow(key),
      (m) => m?.status === 'sent',
      `${key} sent after retries`,
    );
    expect(sent).toMatchObject({ attempts: 3, lastError: expect.stringContaining('answered 500: planned 500') });
    expect(receiver.requestsFor(key).map((r) => r.body.attempt)).toEqual([1, 2, 3]);
    expect(receiver.requestsFor(key).every((r) => r.idempotencyKey === key)).toBe(true);
    expect(receiver.accepted.filter((k) => k === key)).toHaveLength(1);
  });

  test('while the receiver is down the message waits and is retried; once it is back it arrives once', async () => {
    await receiver.down();
    const { orderId, key } = nextOrder();
    await placeOrder(orderId);
    const waiting = await eventually(
      () => outboxRow(key),
      (m) => (m?.attempts ?? 0) >= 2,
      `${key} tried twice while the receiver is down`,
    );
    expect(waiting).toMatchObject({ status: 'pending', lastError: expect.stringContaining('ECONNREFUSED') });
    expect(receiver.requestsFor(key)).toHaveLength(0);

    await receiver.up();
    const sent = await eventually(
      () => outboxRow(key),
      (m) => m?.status === 'sent',
      `${key} sent once back up`,
    );
    expect(sent?.attempts).toBeGreaterThanOrEqual(3);
    expect(receiver.requestsFor(key)).toHaveLength(1);
    expect(receiver.accepted.filter((k) => k === key)).toHaveLength(1);
  });

  test(`a message the receiver never accepts is marked failed after ${MAX_ATTEMPTS} attempts, with its error`, async () => {
    const { orderId, key } = nextOrder();
    receiver.plan(key, Array(MAX_ATTEMPTS + 2).fill(503));
    await placeOrder(orderId);
    const failed = await eventually(
      () => outboxRow(key),
      (m) => m?.status === 'failed',
      `${key} failed`,
    );
    expect(failed).toMatchObject({
      attempts: MAX_ATTEMPTS,
      lastError: expect.stringContaining('answered 503'),
      failedAt: expect.any(Date),
      sentAt: null,
    });
    expect(receiver.requestsFor(key)).toHaveLength(MAX_ATTEMPTS);
    expect(receiver.accepted).not.toContain(key);
    // the order itself is not undone by a notification that could not be sent
    const order = await eventually(
      async () => (await request(baton.url).get(`/api/orders/${orderId}`)).body,
      (o) => o.status === 'completed',
      `order ${orderId} completed`,
    );
    expect(order.status).toBe('completed');
  });
});
