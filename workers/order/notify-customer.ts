/**
 * notify-customer: queues the order confirmation in the outbox (once per order). It never throws a BPMN
 * error: a notification problem retries and then becomes an incident, and never undoes a shipped order.
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { customerId, orderId } from './order-variables';

export const taskType = 'notify-customer';
export const inputSchema = z.object({ orderId, customerId, trackingNumber: z.string().nullish() });
export const outputSchema = z.object({ notificationId: z.number().int() });
export const bpmnErrors = [] as const;

export function createNotifyCustomerWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
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
}

export const notifyCustomer = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createNotifyCustomerWorker,
});
