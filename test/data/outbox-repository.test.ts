import type { Database } from '../../src/data/database';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { clearAllData, openTestDatabase } from './test-database';

describe('outbox repository', () => {
  let db: Database;
  let outbox: ReturnType<typeof createOutboxRepository>;
  const welcome = {
    idempotencyKey: '2251799813685249:send-welcome-email',
    channel: 'email' as const,
    topic: 'welcome',
    recipient: 'ada@example.com',
    payload: { company: 'Analytical Engines' },
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    outbox = createOutboxRepository(db);
  });
  afterAll(() => db.close());
  beforeEach(() => clearAllData(db));

  it('enqueues a message once per idempotency key', async () => {
    const first = await outbox.enqueue(welcome);
    expect(first).toMatchObject({ created: true, message: { ...welcome, status: 'pending', attempts: 0 } });
    const second = await outbox.enqueue({ ...welcome, payload: { company: 'changed' } });
    expect(second).toMatchObject({ created: false, message: { id: first.message.id, payload: welcome.payload } });
    expect(await outbox.list({ topic: 'welcome' })).toHaveLength(1);
  });

  it('hands out pending messages in order and marks each sent once', async () => {
    const a = await outbox.enqueue(welcome);
    const b = await outbox.enqueue({ ...welcome, idempotencyKey: 'other', topic: 'kickoff-reminder' });
    expect((await outbox.pending()).map((m) => m.id)).toEqual([a.message.id, b.message.id]);
    expect(await outbox.markSent(a.message.id)).toBe(true);
    expect(await outbox.markSent(a.message.id)).toBe(false);
    expect((await outbox.pending()).map((m) => m.id)).toEqual([b.message.id]);
    expect((await outbox.list({ recipient: 'ada@example.com' })).map((m) => m.status)).toEqual(['sent', 'pending']);
  });
});
