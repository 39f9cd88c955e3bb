/**
 * Stage events on RabbitMQ (issue 24), against a broker the bench starts (Debian's rabbitmq-server, as the
 * tests do): how many events per second the outbox publisher gets confirmed, beside a bare amqplib publisher
 * with confirms sending the same bodies in the same batches to the same broker and queue; and the order saga's
 * finished orders per second with the bus on (RabbitMQ) ÷ off (EVENT_BUS_URL=off: the triggers still log
 * the events, nothing publishes them).
 */
import amqp from 'amqplib';
import pino from 'pino';
import { openDatabase } from '../src/data';
import { connectAmqpBus, EVENTS_EXCHANGE } from '../src/events/amqp-bus';
import { CLOUDEVENTS_JSON, toCloudEvent, toStructuredJson } from '../src/events/cloud-event';
import { createStageEventLog } from '../src/events/stage-event-log';
import { startStageEventPublisher } from '../src/events/stage-event-publisher';
import { startTestRabbitmq, type TestRabbitmq } from '../test/support/rabbitmq-server';
import { appOrdersPerSecond } from './rest-api.bench';

/** the publisher's default batch */
const BATCH = 500;
const QUEUE = 'bench.events';
const quiet = pino({ level: 'silent' });

export async function withBroker<T>(run: (broker: TestRabbitmq) => Promise<T>): Promise<T> {
  const broker = await startTestRabbitmq();
  try {
    return await run(broker);
  } finally {
    await broker.stop();
  }
}

/** A durable queue bound to everything, emptied: both publishers' messages are stored, as a listener's would be. */
async function freshQueue(url: string): Promise<void> {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  await channel.assertQueue(QUEUE, { durable: true });
  await channel.bindQueue(QUEUE, EVENTS_EXCHANGE, '#');
  await channel.purgeQueue(QUEUE);
  await connection.close();
}

const sampleData = { id: 'order-1', status: 'completed', customerId: 'customer-1', amount: 42.5, currency: 'EUR' };

/** The outbox publisher: n events already in stage_events, until all are confirmed and marked sent. */
export async function publisherEventsPerSecond(url: string, n: number): Promise<number> {
  await freshQueue(url);
  const db = await openDatabase();
  await db.query(
    `INSERT INTO stage_events (source, type, subject, data)
     SELECT '/baton/orders', 'order.completed', 'order-' || i, $1::jsonb FROM generate_series(1, $2) AS i`,
    [JSON.stringify(sampleData), n],
  );
  const bus = await connectAmqpBus({ url, logger: quiet });
  const started = Date.now();
  const publisher = startStageEventPublisher({ db, bus, logger: quiet, batchSize: BATCH });
  await publisher.drained(120_000);
  const seconds = (Date.now() - started) / 1000;
  await publisher.stop();
  await bus.close();
  await db.close();
  return n / seconds;
}

/** amqplib alone: the same bodies, persistent, in batches of the same size, each batch awaited (confirms). */
export async function bareConfirmsPerSecond(url: string, n: number): Promise<number> {
  await freshQueue(url);
  const db = await openDatabase();
  await db.query(
    `INSERT INTO stage_events (source, type, subject, data) VALUES ('/baton/orders', 'order.completed', 'order-1', $1)`,
    [JSON.stringify(sampleData)],
  );
  const [record] = await createStageEventLog(db).list({ limit: 1 });
  await db.close();
  const body = toStructuredJson(toCloudEvent(record));
  const connection = await amqp.connect(url);
  const channel = await connection.createConfirmChannel();
  const started = Date.now();
  for (let sent = 0; sent < n; sent += BATCH) {
    for (let i = 0; i < Math.min(BATCH, n - sent); i++) {
      channel.publish(EVENTS_EXCHANGE, 'order.completed', body, { persistent: true, contentType: CLOUDEVENTS_JSON });
    }
    await channel.waitForConfirms();
  }
  const seconds = (Date.now() - started) / 1000;
  await connection.close();
  return n / seconds;
}

/** Orders the saga finished per second under the REST flood, with the given EVENT_BUS_URL. */
export async function sagaOrdersPerSecond(seconds: number, eventBusUrl: string): Promise<number> {
  return (await appOrdersPerSecond(seconds, true, { EVENT_BUS_URL: eventBusUrl })).finished;
}
