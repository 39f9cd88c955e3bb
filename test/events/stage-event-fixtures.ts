/**
 * Test helpers for stage events: a migrated database with the demo data and no events, the order saga's
 * happy path driven through the repositories (what the workers do), and a subscriber that records what a
 * queue received.
 */
import { createRepositories, type Database } from '../../src/data';
import { seedDemoData } from '../../src/data/seed';
import type { BatonCloudEvent } from '../../src/events/cloud-event';
import type { EventBus } from '../../src/events/event-bus';
import { STAGE_EVENT_TYPES } from '../../src/events/stage-event-types';
import { clearAllData } from '../data/test-database';

export async function resetEventData(db: Database): Promise<void> {
  await clearAllData(db);
  await db.exec('TRUNCATE stage_events, stage_event_publisher_lease, loyalty_accounts, loyalty_credits');
  await seedDemoData(db);
}

export const SAGA_EVENT_TYPES = [
  'order.placed',
  'order.payment.charged',
  'order.inventory.reserved',
  'order.shipped',
  'order.completed',
];

/** Runs an order through the happy path of order-fulfilment, as its workers write it. */
export async function completeOrder(db: Database, orderId: string, amount = 42.5, customerId = 'customer-1') {
  const r = createRepositories(db);
  const amountMinor = Math.round(amount * 100);
  await r.orders.create({
    id: orderId,
    customerId,
    items: [{ sku: 'SKU-MUG', quantity: 1 }],
    amountMinor,
    currency: 'EUR',
    processInstanceKey: '2251799813685249',
  });
  await r.payments.charge({ orderId, customerId, amountMinor, currency: 'EUR' });
  await r.inventory.reserve(orderId, [{ sku: 'SKU-MUG', quantity: 1 }]);
  await r.shipments.create(orderId);
  await r.orders.setFinalStatus(orderId, 'completed');
}

export interface Recorder {
  events: BatonCloudEvent[];
  bySubject(subject: string): string[];
}

/** Subscribes queue to every stage event type and records each delivery. */
export async function recordDeliveries(bus: EventBus, queue: string): Promise<Recorder> {
  const events: BatonCloudEvent[] = [];
  await bus.subscribe(queue, STAGE_EVENT_TYPES, async (event) => {
    events.push(event);
  });
  return { events, bySubject: (subject) => events.filter((e) => e.subject === subject).map((e) => e.type) };
}
