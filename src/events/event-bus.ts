/**
 * What the stage-event publisher and the services that listen need from a bus: publish in order and learn
 * when the bus holds the events durably, and subscribe a named queue to some event types with at-least-once
 * delivery. Two implementations: in-process-bus.ts (the embedded default) and amqp-bus.ts (RabbitMQ).
 */
import type { BatonCloudEvent, StructuredEvent } from './cloud-event';

/** Handles one delivery; throwing means "not handled": the event is delivered again later. */
export type EventHandler = (event: BatonCloudEvent) => Promise<void>;

export interface EventBus {
  /** where events go, for the log */
  readonly description: string;
  /**
   * Resolves once the bus took every event, in the order given (AMQP: the broker confirmed them); rejects
   * when it could not, and then none of them counts as sent (a redelivery may repeat some, never lose one).
   */
  publish(events: StructuredEvent[]): Promise<void>;
  /** Delivers the events of these types, at least once and in publishing order, to handler. */
  subscribe(queue: string, types: readonly string[], handler: EventHandler): Promise<void>;
  close(): Promise<void>;
}
