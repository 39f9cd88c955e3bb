/**
 * The RabbitMQ bus (EVENT_BUS_URL=amqp://…), with amqplib. Events go to the durable topic exchange
 * `baton.events` as persistent messages, routing key = event type, body = the structured-mode CloudEvent;
 * a publish resolves only once the broker confirmed every message (a confirm channel). When the connection
 * drops it reconnects with back-off and sets its subscriptions up again; meanwhile publish rejects, so the
 * publisher keeps the events in the outbox. Each subscription is a durable queue bound to its types, consumed
 * with manual acks: a message is acked after its handler succeeded, and requeued when it threw.
 */
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { type BatonCloudEvent, CLOUDEVENTS_JSON, parseStructuredJson } from './cloud-event';
import type { EventBus, EventHandler } from './event-bus';

export const EVENTS_EXCHANGE = 'baton.events';

export interface AmqpBusOptions {
  url: string;
  logger: Logger;
  /** first and longest wait between reconnection attempts (default 100 ms and 5 s) */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** messages a consumer holds unacknowledged (default 20) */
  prefetch?: number;
  /** wait before a message whose handler threw is requeued (default 500 ms) */
  redeliveryDelayMs?: number;
}

interface Subscription {
  queue: string;
  types: readonly string[];
  handler: EventHandler;
}

/** The URL without its password, for logs and errors. */
export function redactedBrokerUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the broker';
  }
}

export async function connectAmqpBus(options: AmqpBusOptions): Promise<EventBus> {
  const { url, logger } = options;
  const minBackoffMs = options.minBackoffMs ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const where = redactedBrokerUrl(url);
  const subscriptions: Subscription[] = [];
  let connection: ChannelModel | undefined;
  let publishing: ConfirmChannel | undefined;
  let closed = false;
  let attempts = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;

  async function consume(channel: Channel, subscription: Subscription) {
    await channel.assertQueue(subscription.queue, { durable: true });
    for (const type of subscription.types) await channel.bindQueue(subscription.queue, EVENTS_EXCHANGE, type);
    await channel.consume(subscription.queue, (message: ConsumeMessage | null) => {
      if (message) void handle(channel, subscription, message);
    });
  }

  async function handle(channel: Channel, subscription: Subscription, message: ConsumeMessage) {
    let event: BatonCloudEvent;
    try {
      event = parseStructuredJson(message.content);
    } catch (err) {
      // never becomes valid: redelivering it would block the queue
      logger.warn({ err, queue: subscription.queue }, 'dropping a message that is not a CloudEvent');
      channel.ack(message);
      return;
    }
    try {
      await subscription.handler(event);
      channel.ack(message);
    } catch (err) {
      logger.warn({ err, queue: subscription.queue, eventId: event.id }, 'event handler failed; requeued');
      setTimeout(() => {
        try {
          channel.nack(message, false, true);
        } catch {
          // the channel closed meanwhile: the broker requeues the message itself
        }
      }, options.redeliveryDelayMs ?? 500);
    }
  }

  async function open(): Promise<void> {
    const conn = await amqp.connect(url);
    conn.on('error', (err) => logger.warn({ err }, `event bus connection to ${where} failed`));
    conn.on('close', () => {
      if (connection === conn) {
        connection = undefined;
        publishing = undefined;
      }
      if (!closed) scheduleReconnect();
    });
    let channel: ConfirmChannel;
    try {
      channel = await conn.createConfirmChannel();
      channel.on('error', (err) => logger.warn({ err }, 'event bus publishing channel failed'));
      channel.on('close', () => {
        if (publishing === channel) publishing = undefined;
        // a channel the broker closed alone (not with the connection) is replaced by reconnecting
        if (connection === conn && !closed) conn.close().catch(() => {});
      });
      await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
      for (const subscription of subscriptions) await subscribeOn(conn, subscription);
    } catch (err) {
      // half set up: drop it whole (its close schedules the next attempt)
      await conn.close().catch(() => {});
      throw err;
    }
    connection = conn;
    publishing = channel;
    attempts = 0;
  }

  async function subscribeOn(conn: ChannelModel, subscription: Subscription) {
    const channel = await conn.createChannel();
    channel.on('error', (err) => logger.warn({ err, queue: subscription.queue }, 'event bus consumer channel failed'));
    await channel.prefetch(options.prefetch ?? 20);
    await consume(channel, subscription);
  }

  function scheduleReconnect() {
    if (closed || reconnectTimer) return;
    attempts += 1;
    const waitMs = Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.min(attempts - 1, 16));
    if (attempts === 1 || attempts % 20 === 0) logger.warn({ attempts, waitMs }, `event bus: reconnecting to ${where}`);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      open().then(
        () => logger.info(`event bus: connected to ${where}`),
        () => scheduleReconnect(),
      );
    }, waitMs);
  }

  try {
    await open();
    logger.info(`event bus: connected to ${where}`);
  } catch (err) {
    // the broker may come later: start anyway, the events wait in the outbox
    logger.warn({ err }, `event bus: ${where} is not reachable yet; stage events wait in the outbox`);
    scheduleReconnect();
  }

  return {
    description: `RabbitMQ at ${where}`,
    async publish(events) {
      const channel = publishing;
      if (!channel) throw new Error(`not connected to ${where}`);
      for (const event of events) {
        channel.publish(EVENTS_EXCHANGE, event.type, Buffer.from(event.json), {
          persistent: true,
          contentType: CLOUDEVENTS_JSON,
          messageId: event.id,
          type: event.type,
        });
      }
      await channel.waitForConfirms();
    },
    async subscribe(queue, types, handler) {
      if (subscriptions.some((s) => s.queue === queue)) throw new Error(`queue ${queue} has a subscriber already`);
      const subscription = { queue, types, handler };
      subscriptions.push(subscription);
      // not connected: open() sets it up once the broker is back
      if (connection) await subscribeOn(connection, subscription);
    },
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      await connection?.close().catch(() => {});
    },
  };
}
