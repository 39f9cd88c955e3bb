/**
 * escalate-shipment: the shipment was not created within its SLA. Alerts operations through the outbox
 * (once per process instance) and names the reason the order is about to be cancelled.
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { defineWorker, elementKey, type JobHandler, type WorkerDeps } from '../worker-definition';
import { customerId, failureReason, orderId } from './order-variables';

export const taskType = 'escalate-shipment';
export const inputSchema = z.object({ orderId, customerId });
export const outputSchema = z.object({ failureReason });
export const bpmnErrors = [] as const;

export function createEscalateShipmentWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
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
}

export const escalateShipment = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createEscalateShipmentWorker,
});
