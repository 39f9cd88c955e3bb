/**
 * Without OUTBOX_WEBHOOK_URL the outbox goes to the log, the local-dev mail catcher: one readable line per
 * message ("email to ada@example.com: Welcome aboard, Ada Ltd"), and each message counts as delivered.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { startOutbox } from '../../src/app/outbox/start-outbox';
import { createRepositories, type Database } from '../../src/data';
import { openTestDatabase } from '../data/test-database';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('log deliverer', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());

  it('writes one line per message and marks each sent', async () => {
    const { outbox } = createRepositories(db);
    await outbox.enqueue({
      idempotencyKey: 'log:welcome',
      channel: 'email',
      topic: 'welcome',
      recipient: 'ada@example.com',
      payload: { customerId: 'c-1', company: 'Ada Ltd', tenantSlug: 'ada-ltd' },
    });
    await outbox.enqueue({
      idempotencyKey: 'log:sla',
      channel: 'ops',
      topic: 'shipment-sla-breached',
      payload: { orderId: 'o-1', customerId: 'c-1', processInstanceKey: '2251799813685249' },
    });
    await outbox.enqueue({
      idempotencyKey: 'log:unknown',
      channel: 'analytics',
      topic: 'something-new',
      payload: { n: 1 },
    });

    const { logger, lines } = capturedLogger();
    const relay = await startOutbox({ db, config: { outboxWebhookUrl: undefined }, logger });
    await relay.drain();
    await relay.stop();

    expect(lines[0].msg).toBe(
      'outbox messages are delivered to the log (set OUTBOX_WEBHOOK_URL to deliver to a webhook)',
    );
    // the relay's first sweep and this drain share the work: one line per message, in no promised order
    expect(
      lines
        .slice(1)
        .map((l) => l.msg as string)
        .sort(),
    ).toEqual([
      'analytics event: something-new',
      'email to ada@example.com: Welcome aboard, Ada Ltd',
      'ops alert: Shipment SLA breached for order o-1',
    ]);
    expect(lines.find((l) => l.idempotencyKey === 'log:welcome')).toMatchObject({
      level: 30,
      body: expect.stringContaining('ada-ltd'),
    });
    expect((await outbox.list()).map((m) => [m.idempotencyKey, m.status, m.attempts])).toEqual([
      ['log:welcome', 'sent', 1],
      ['log:sla', 'sent', 1],
      ['log:unknown', 'sent', 1],
    ]);
  });
});
