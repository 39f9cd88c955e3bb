/**
 * Inbound events correlate process messages, as Camunda's inbound connectors do: an event of a mapped type
 * on the bus (e.g. `shipment.delivered` from a carrier, subject = order id) is published to the engine as a
 * message, its correlation key read from the event by a FEEL expression. The mapping is configured here, in
 * one place. The event id is the message id, so a redelivered event is one message (Zeebe drops a second
 * message with the same id while the first is buffered).
 */
import { evaluate } from 'feelin';
import type { Logger } from 'pino';
import type { ProcessCommands } from '../app/process-commands/process-commands';
import type { BatonCloudEvent } from './cloud-event';
import type { EventBus } from './event-bus';

export interface InboundCorrelation {
  /** CloudEvent type to listen for */
  type: string;
  /** the BPMN message it becomes */
  messageName: string;
  /** FEEL over the event's attributes (`subject`, `data`, `id`, `source`, …), e.g. `subject` or `data.orderId` */
  correlationKey: string;
  /** how long the engine buffers the message for a wait not reached yet */
  timeToLiveMs: number;
}

export const INBOUND_QUEUE = 'baton.inbound';

export const INBOUND_CORRELATIONS: readonly InboundCorrelation[] = [
  { type: 'shipment.delivered', messageName: 'shipment-delivered', correlationKey: 'subject', timeToLiveMs: 3_600_000 },
];

export function correlationKeyOf(correlation: InboundCorrelation, event: BatonCloudEvent): string | undefined {
  const { value } = evaluate(correlation.correlationKey, event.toJSON());
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export async function startInboundCorrelations(options: {
  bus: EventBus;
  processes: Pick<ProcessCommands, 'publishMessage'>;
  logger: Logger;
  correlations?: readonly InboundCorrelation[];
}): Promise<void> {
  const { bus, processes, logger } = options;
  const correlations = options.correlations ?? INBOUND_CORRELATIONS;
  if (correlations.length === 0) return;
  const byType = new Map(correlations.map((c) => [c.type, c]));
  await bus.subscribe(INBOUND_QUEUE, [...byType.keys()], async (event) => {
    const correlation = byType.get(event.type);
    if (!correlation) return;
    const correlationKey = correlationKeyOf(correlation, event);
    if (correlationKey === undefined) {
      logger.warn({ eventId: event.id, type: event.type }, 'inbound event without a correlation key; dropped');
      return;
    }
    const data = event.data;
    await processes.publishMessage({
      name: correlation.messageName,
      correlationKey,
      timeToLiveMs: correlation.timeToLiveMs,
      messageId: event.id,
      variables:
        typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    });
    logger.info({ eventId: event.id, message: correlation.messageName, correlationKey }, 'inbound event correlated');
  });
}
