/**
 * register-order: records the order (status in_progress) and which process instance runs it. Idempotent:
 * an order the API stored already, or a redelivered job, finds its row. An order that is already finished,
 * or run by another instance, is an incident: processing it again could move money twice.
 */
import { z } from 'zod';
import { toMinorUnits } from '../../src/data/money';
import { createOrdersRepository } from '../../src/data/repositories/orders-repository';
import { defineWorker, type JobHandler, NonRetryableError, type WorkerDeps } from '../worker-definition';
import { amount, currency, customerId, items, orderId } from './order-variables';

export const taskType = 'register-order';
export const inputSchema = z.object({ orderId, customerId, items, amount, currency });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createRegisterOrderWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const orders = createOrdersRepository(db);
  return async (input, job) => {
    const { order, created } = await orders.create({
      id: input.orderId,
      customerId: input.customerId,
      items: input.items,
      amountMinor: toMinorUnits(input.amount),
      currency: input.currency,
      processInstanceKey: job.processInstanceKey,
    });
    if (!created) {
      if (order.status !== 'in_progress') {
        throw new NonRetryableError(`order ${order.id} is already ${order.status}; start a new order instead`);
      }
      if (order.processInstanceKey && order.processInstanceKey !== job.processInstanceKey) {
        throw new NonRetryableError(
          `order ${order.id} is already being processed by process instance ${order.processInstanceKey}`,
        );
      }
      if (!order.processInstanceKey) await orders.attachProcessInstance(order.id, job.processInstanceKey);
    }
    job.logger.info({ orderId: order.id, created }, 'order registered');
    return {};
  };
}

export const registerOrder = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createRegisterOrderWorker,
});
