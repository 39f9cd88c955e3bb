/**
 * The embedded bus (nothing to install): a publish hands each event to every subscribed handler and resolves
 * only when they all handled it. So nothing is held in memory that a crash could lose: an event counts as
 * sent once its subscribers are done, and until then it stays in the outbox and is published again (the
 * subscribers are idempotent by event id, as they must be on a broker too).
 */
import { fromStructuredEvent, type StructuredEvent } from './cloud-event';
import type { EventBus, EventHandler } from './event-bus';

interface Subscription {
  queue: string;
  types: ReadonlySet<string>;
  handler: EventHandler;
}

export function createInProcessBus(): EventBus {
  const subscriptions: Subscription[] = [];
  let closed = false;
  return {
    description: 'the in-process event bus',
    async publish(events: StructuredEvent[]) {
      if (closed) throw new Error('the in-process event bus is closed');
      for (const event of events) {
        for (const subscription of subscriptions) {
          // each handler its own copy, as each queue of a broker gets its own message
          if (subscription.types.has(event.type)) await subscription.handler(fromStructuredEvent(event));
        }
      }
    },
    async subscribe(queue, types, handler) {
      if (subscriptions.some((s) => s.queue === queue)) throw new Error(`queue ${queue} has a subscriber already`);
      subscriptions.push({ queue, types: new Set(types), handler });
    },
    async close() {
      closed = true;
    },
  };
}
