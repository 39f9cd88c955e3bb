/**
 * GET /api/outbox shows the notifications and how their delivery stands: filtered by status, a failed
 * message with the error of its last attempt, a bad filter answered 400 naming the parameter, and the
 * endpoint described in the OpenAPI document. The states come from the real relay over the real table.
 */
import pino from 'pino';
import request from 'supertest';
import { DeliveryError } from '../../src/app/outbox/deliverer';
import { startOutboxRelay } from '../../src/app/outbox/outbox-relay';
import { expectProblem, startTestApp, type TestApp } from './app-harness';

describe('outbox API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const { outbox } = t.repositories;
    for (const key of ['route:sent', 'route:failed', 'route:pending']) {
      await outbox.enqueue({
        idempotencyKey: key,
        channel: 'email',
        topic: 'welcome',
        recipient: 'ada@example.com',
        payload: { company: 'Ada Ltd' },
      });
    }
    // one relay run: the first is delivered, the second refused for good (one attempt), the third abandoned
    const relay = startOutboxRelay({
      db: t.db,
      logger: pino({ level: 'silent' }),
      intervalMs: 60_000,
      maxAttempts: 1,
      deliver: async (message) => {
        if (message.idempotencyKey === 'route:failed') throw new DeliveryError('POST http://mail.test/… answered 422');
        if (message.idempotencyKey === 'route:pending') throw new Error('stopping');
      },
    });
    await relay.drain().catch(() => undefined);
    await relay.stop();
  });
  afterAll(() => t.close());

  it('lists messages by status, a failed one with its last error', async () => {
    const failed = await request(t.app).get('/api/outbox?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual([
      {
        id: expect.any(Number),
        idempotencyKey: 'route:failed',
        channel: 'email',
        topic: 'welcome',
        recipient: 'ada@example.com',
        status: 'failed',
        attempts: 1,
        lastError: 'POST http://mail.test/… answered 422',
        nextAttemptAt: null,
        createdAt: expect.any(String),
        sentAt: null,
        failedAt: expect.any(String),
      },
    ]);
    const sent = await request(t.app).get('/api/outbox?status=sent');
    expect(sent.body.map((m: { idempotencyKey: string }) => m.idempotencyKey)).toEqual(['route:sent']);
    expect(sent.body[0]).toMatchObject({ attempts: 1, sentAt: expect.any(String), lastError: null });
    const pending = await request(t.app).get('/api/outbox?status=pending');
    expect(pending.body).toEqual([
      expect.objectContaining({ idempotencyKey: 'route:pending', attempts: 0, nextAttemptAt: expect.any(String) }),
    ]);
    const all = await request(t.app).get('/api/outbox?limit=2');
    expect(all.body.map((m: { idempotencyKey: string }) => m.idempotencyKey)).toEqual(['route:sent', 'route:failed']);
  });

  it.each([
    ['status=lost', 'status', 'must be one of pending, sent, failed'],
    ['limit=0', 'limit', 'must be between 1 and 1000'],
    ['colour=red', 'colour', ''],
  ])('answers 400 naming the bad parameter: %s', async (query, field, message) => {
    const res = await request(t.app).get(`/api/outbox?${query}`);
    const problem = expectProblem(res, 400);
    expect(problem.errors).toEqual([expect.objectContaining({ field, message: expect.stringContaining(message) })]);
  });

  it('is described in the OpenAPI document with its status filter', async () => {
    const doc = (await request(t.app).get('/api/openapi.json')).body;
    const op = doc.paths['/api/outbox'].get;
    expect(op.operationId).toBe('listOutbox');
    const status = op.parameters.find((p: { name: string }) => p.name === 'status');
    expect(status).toMatchObject({ in: 'query', required: false });
    expect(JSON.stringify(status.schema)).toContain('failed');
    expect(op.responses['200'].content['application/json'].schema).toBeDefined();
  });
});
