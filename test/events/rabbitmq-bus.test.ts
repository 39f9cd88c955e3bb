/**
 * The bus suite on a real RabbitMQ (Debian's rabbitmq-server, started by the test as a child with its own
 * data), plus what only a broker can do to us: restart while events are being published, and redeliver
 * what a consumer did not acknowledge.
 */
import amqp from 'amqplib';
import { connectAmqpBus } from '../../src/events/amqp-bus';
import type { BatonCloudEvent } from '../../src/events/cloud-event';
import type { EventBus } from '../../src/events/event-bus';
import { createStageEventLog } from '../../src/events/stage-event-log';
import { STAGE_EVENT_TYPES } from '../../src/events/stage-event-types';
import { eventually } from '../support/eventually';
import { rabbitmqInstalled, startTestRabbitmq, type TestRabbitmq } from '../support/rabbitmq-server';
import { describeBusSuite, quietLogger, useBusFixture } from './bus-suite';
import { completeOrder, recordDeliveries, SAGA_EVENT_TYPES } from './stage-event-fixtures';

jest.setTimeout(120_000);

let broker: TestRabbitmq;

beforeAll(async () => {
  if (!rabbitmqInstalled()) throw new Error('rabbitmq-server is not installed: apt-get install -y rabbitmq-server');
  broker = await startTestRabbitmq();
}, 120_000);
afterAll(() => broker?.stop());

const QUEUES = ['test.all', 'test.restart', 'test.flaky', 'baton.loyalty', 'baton.inbound'];

/** A bus on the test broker, with the queues of earlier tests gone. */
async function openBus(): Promise<EventBus> {
  const admin = await amqp.connect(broker.url);
  const channel = await admin.createChannel();
  for (const queue of QUEUES) await channel.deleteQueue(queue);
  await admin.close();
  return connectAmqpBus({
    url: broker.url,
    logger: quietLogger,
    minBackoffMs: 50,
    maxBackoffMs: 500,
    redeliveryDelayMs: 20,
  });
}

describeBusSuite('RabbitMQ', () => ({ open: openBus }));

/** Each id once, in the order first delivered. */
function firstDeliveries(events: BatonCloudEvent[]): BatonCloudEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.id) && seen.add(e.id));
}

describe('stage events on RabbitMQ when the broker misbehaves', () => {
  const f = useBusFixture(openBus);

  it('loses no event across a broker restart and keeps each order’s events in order', async () => {
    const recorder = await recordDeliveries(f.bus, 'test.restart');
    f.publish(undefined, { maxBackoffMs: 200 });
    await completeOrder(f.db, 'before-restart');
    await eventually(
      async () => recorder.events.length,
      (n) => n >= 5,
      'the first order’s events',
    );

    await broker.kill();
    await completeOrder(f.db, 'during-outage');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await createStageEventLog(f.db).unpublished(100)).length).toBeGreaterThan(0);
    await broker.start();
    await completeOrder(f.db, 'after-restart');

    const logged = await createStageEventLog(f.db).list({ limit: 100 });
    expect(logged).toHaveLength(15);
    await eventually(
      async () => new Set(recorder.events.map((e) => e.id)).size,
      (n) => n === 15,
      'every event after the restart',
      60_000,
    );
    const delivered = firstDeliveries(recorder.events);
    for (const order of ['before-restart', 'during-outage', 'after-restart']) {
      expect(delivered.filter((e) => e.subject === order).map((e) => e.type)).toEqual(SAGA_EVENT_TYPES);
    }
    expect(await createStageEventLog(f.db).unpublished(100)).toHaveLength(0);
  });

  it('redelivers an event whose handler failed, and the next ones after it', async () => {
    const handled: string[] = [];
    let failuresLeft = 2;
    await f.bus.subscribe('test.flaky', STAGE_EVENT_TYPES, async (event) => {
      if (event.type === 'order.payment.charged' && failuresLeft-- > 0) throw new Error('not now (test)');
      handled.push(event.type);
    });
    f.publish();
    await completeOrder(f.db, 'flaky');
    await eventually(
      async () => handled.length,
      (n) => n >= 5,
      'every event handled',
    );
    expect([...handled].sort()).toEqual([...SAGA_EVENT_TYPES].sort());
  });
});
