/**
 * Opens the bus EVENT_BUS_URL names: the in-process bus when unset, RabbitMQ for an amqp(s):// URL, none
 * for `off` (stage events are still logged, not published).
 */
import type { Logger } from 'pino';
import { connectAmqpBus } from './amqp-bus';
import type { EventBus } from './event-bus';
import { createInProcessBus } from './in-process-bus';

export async function openEventBus(url: string | undefined, logger: Logger): Promise<EventBus | undefined> {
  if (url === 'off') return undefined;
  if (url === undefined) return createInProcessBus();
  return connectAmqpBus({ url, logger });
}
