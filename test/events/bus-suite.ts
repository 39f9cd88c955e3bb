/**
 * The behaviour every event bus must show, run on the in-process bus (in-process-bus.test.ts) and on a real
 * RabbitMQ (rabbitmq-bus.test.ts): stage events arrive in the order they happened, once per id unless
 * redelivered, the loyalty balance is right after duplicate deliveries, and the outbox holds events while
 * the bus refuses them.
 */
import pino from 'pino';
import type { Database } from '../../src/data';
import { toStructuredEvent } from '../../src/events/cloud-event';
import type { EventBus } from '../../src/events/event-bus';
import { createStageEventLog } from '../../src/events/stage-event-log';
import { type StageEventPublisher, startStageEventPublisher } from '../../src/events/stage-event-publisher';
import { startLoyaltyService } from '../../src/loyalty/loyalty-service';
import { openTestDatabase } from '../data/test-database';
import { eventually } from '../support/eventually';
import { completeOrder, recordDeliveries, resetEventData, SAGA_EVENT_TYPES } from './stage-event-fixtures';

export const quietLogger = pino({ level: 'silent' });

export interface BusUnderTest {
  /** a fresh bus (no subscribers) on a broker with no queues left from an earlier test */
  open(): Promise<EventBus>;
  /**
   * false on PostgreSQL: concurrent transactions may commit events out of seq order, and the publisher sends an
   * event whose transaction committed late after later ones (each subject's events still in order)
   */
  commitsInSeqOrder?: boolean;
}

/** A bus that refuses to publish while `down` is set, as one whose broker is unreachable. */
function switchable(bus: EventBus) {
  const state = { down: false };
  const wrapped: EventBus = {
    ...bus,
    description: bus.description,
    async publish(events) {
      if (state.down) throw new Error('broker unreachable (test)');
      await bus.publish(events);
    },
    subscribe: (queue, types, handler) => bus.subscribe(queue, types, handler),
    close: () => bus.close(),
  };
  return { bus: wrapped, state };
}

export interface BusFixture {
  db: Database;
  bus: EventBus;
  /** starts the publisher on `on` (default: the fixture's bus); stopped after the test */
  publish(on?: EventBus, options?: { maxBackoffMs?: number }): StageEventPublisher;
}

/** Per test file a database; per test its data emptied, a fresh bus from `open`, and the publisher stopped after. */
export function useBusFixture(open: () => Promise<EventBus>): BusFixture {
  let publisher: StageEventPublisher | undefined;
  const fixture = {
    publish(on?: EventBus, options: { maxBackoffMs?: number } = {}) {
      const bus = on ?? fixture.bus;
      publisher = startStageEventPublisher({
        db: fixture.db,
        bus,
        logger: quietLogger,
        intervalMs: 20,
        maxBackoffMs: 100,
        ...options,
      });
      return publisher;
    },
  } as BusFixture;
  beforeAll(async () => {
    fixture.db = await openTestDatabase();
  });
  afterAll(() => fixture.db.close());
  beforeEach(async () => {
    await resetEventData(fixture.db);
    fixture.bus = await open();
  });
  afterEach(async () => {
    await publisher?.stop();
    publisher = undefined;
    await fixture.bus.close();
  });
  return fixture;
}

export function describeBusSuite(name: string, target: () => BusUnderTest) {
  describe(`stage events on ${name}`, () => {
    const f = useBusFixture(() => target().open());

    it('delivers each order’s events in the order they happened, with the ids of the log', async () => {
      const recorder = await recordDeliveries(f.bus, 'test.all');
      f.publish();
      await Promise.all(['order-a', 'order-b', 'order-c'].map((id) => completeOrder(f.db, id)));
      await eventually(
        async () => recorder.events.length,
        (n) => n >= 15,
        'fifteen deliveries',
        20_000,
      );
      for (const id of ['order-a', 'order-b', 'order-c']) expect(recorder.bySubject(id)).toEqual(SAGA_EVENT_TYPES);
      const logged = await createStageEventLog(f.db).list({ limit: 100 });
      const ids = recorder.events.map((e) => e.id);
      if (target().commitsInSeqOrder === false) expect([...ids].sort()).toEqual(logged.map((r) => r.id).sort());
      else expect(ids).toEqual(logged.map((r) => r.id));
      expect(new Set(recorder.events.map((e) => e.id)).size).toBe(15);
      const completed = recorder.events.find((e) => e.subject === 'order-a' && e.type === 'order.completed');
      expect(completed).toMatchObject({
        specversion: '1.0',
        source: '/baton/orders',
        datacontenttype: 'application/json',
        data: { id: 'order-a', status: 'completed', amount: 42.5, currency: 'EUR', customerId: 'customer-1' },
      });
    });

    it('credits loyalty points once per event, however often it is delivered', async () => {
      const ledger = await startLoyaltyService({ db: f.db, bus: f.bus, logger: quietLogger });
      const recorder = await recordDeliveries(f.bus, 'test.all');
      f.publish();
      await completeOrder(f.db, 'order-l', 42.5, 'customer-2');
      await eventually(
        () => ledger.points('customer-2'),
        (p) => p === 42,
        '42 points',
      );
      const completed = recorder.events.find((e) => e.type === 'order.completed');
      if (!completed) throw new Error('order.completed was not delivered');
      // the same event again, twice (a publisher that crashed before marking it sent, a broker redelivery)
      await f.bus.publish([toStructuredEvent(completed)]);
      await f.bus.publish([toStructuredEvent(completed)]);
      await eventually(
        async () => recorder.events.filter((e) => e.id === completed.id).length,
        (n) => n === 3,
        'the duplicates',
      );
      await completeOrder(f.db, 'order-m', 10.99, 'customer-2');
      await eventually(
        () => ledger.points('customer-2'),
        (p) => p === 52,
        '52 points',
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await ledger.points('customer-2')).toBe(52);
    });

    it('keeps events in the outbox while the bus refuses them, then delivers them in order', async () => {
      const { bus: flaky, state } = switchable(f.bus);
      const recorder = await recordDeliveries(flaky, 'test.all');
      state.down = true;
      f.publish(flaky);
      await completeOrder(f.db, 'order-held');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(recorder.events).toHaveLength(0);
      expect(await createStageEventLog(f.db).unpublished(100)).toHaveLength(5);
      state.down = false;
      await eventually(
        async () => recorder.events.length,
        (n) => n >= 5,
        'the held events',
        20_000,
      );
      expect(recorder.bySubject('order-held')).toEqual(SAGA_EVENT_TYPES);
      expect(await createStageEventLog(f.db).unpublished(100)).toHaveLength(0);
    });
  });
}
