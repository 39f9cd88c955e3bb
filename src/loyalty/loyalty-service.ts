/**
 * The choreographed service: loyalty points for completed orders. It only listens: it consumes
 * order.completed from its own queue and credits the amount's whole currency units (42.50 EUR → 42 points);
 * no process model knows it exists. A redelivered event (same id) credits nothing.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Database } from '../data/database';
import { toMinorUnits } from '../data/money';
import type { BatonCloudEvent } from '../events/cloud-event';
import type { EventBus } from '../events/event-bus';
import { createLoyaltyLedger, type LoyaltyLedger } from './loyalty-ledger';

export const LOYALTY_QUEUE = 'baton.loyalty';
export const LOYALTY_EVENT_TYPES = ['order.completed'] as const;

/** What the service reads of an order.completed event's data (the order as the API shows it). */
const completedOrder = z.object({ customerId: z.string().min(1), amount: z.number().nonnegative() });

export function pointsFor(amount: number): number {
  return Math.floor(toMinorUnits(amount) / 100);
}

export async function startLoyaltyService(options: {
  db: Database;
  bus: EventBus;
  logger: Logger;
}): Promise<LoyaltyLedger> {
  const { db, bus, logger } = options;
  const ledger = createLoyaltyLedger(db);
  await bus.subscribe(LOYALTY_QUEUE, LOYALTY_EVENT_TYPES, async (event: BatonCloudEvent) => {
    const parsed = completedOrder.safeParse(event.data);
    if (!parsed.success) {
      // a malformed event never becomes valid: redelivering it would block the queue forever
      logger.warn({ eventId: event.id, problem: parsed.error.message }, 'loyalty: order.completed without an amount');
      return;
    }
    const points = pointsFor(parsed.data.amount);
    const credited = await ledger.credit(event.id, parsed.data.customerId, points);
    logger.debug({ eventId: event.id, customerId: parsed.data.customerId, points, credited }, 'loyalty points');
  });
  return ledger;
}
