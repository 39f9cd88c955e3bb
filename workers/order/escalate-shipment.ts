/**
 * escalate-shipment: the shipment was not created within its SLA. Alerts operations through the outbox
 * (once per process instance) and names the reason the order is about to be cancelled.
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { customerId, failureReason, ORDER_FULFILMENT, orderId } from '../../src/processes/order-fulfilment';
import { defineWorker, elementKey } from '../worker-definition';

export const escalateShipment = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.escalateShipment,
  inputSchema: z.object({ orderId, customerId }),
  outputSchema: z.object({ failureReason }),
  createHandler({ db }) {
    const outbox = createOutboxRepository(db);
    return async (input, job) => {
      const reason = `shipment of order ${input.orderId} was not created within its SLA`;
      const { message, created } = await outbox.enqueue({
        idempotencyKey: elementKey(job),
        channel: 'ops',
        topic: 'shipment-sla-breached',
        payload: { orderId: input.orderId, customerId: input.customerId, processInstanceKey: job.processInstanceKey },
      });
      job.logger.warn({ outboxId: message.id, created }, reason);
      return { failureReason: reason };
    };
  },
});
