/**
 * notify-customer: queues the order confirmation in the outbox (once per order). It never throws a BPMN
 * error: a notification problem retries and then becomes an incident, and never undoes a shipped order.
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { customerId, ORDER_FULFILMENT, orderId } from '../../src/processes/order-fulfilment';
import { defineWorker } from '../worker-definition';

export const notifyCustomer = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.notifyCustomer,
  inputSchema: z.object({ orderId, customerId, trackingNumber: z.string().nullish() }),
  outputSchema: z.object({ notificationId: z.number().int() }),
  createHandler({ db }) {
    const outbox = createOutboxRepository(db);
    return async (input, job) => {
      const { message, created } = await outbox.enqueue({
        idempotencyKey: `order:${input.orderId}:confirmation`,
        channel: 'email',
        topic: 'order-confirmation',
        recipient: input.customerId,
        payload: { orderId: input.orderId, trackingNumber: input.trackingNumber ?? null },
      });
      job.logger.info({ notificationId: message.id, created }, 'order confirmation queued');
      return { notificationId: message.id };
    };
  },
});
