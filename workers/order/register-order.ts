/**
 * register-order: records the order (status in_progress) and which process instance runs it. Idempotent:
 * an order the API stored already, or a redelivered job, finds its row. An order that is already finished,
 * or run by another instance, is an incident: processing it again could move money twice.
 */
import { z } from 'zod';
import { toMinorUnits } from '../../src/data/money';
import { createOrdersRepository } from '../../src/data/repositories/orders-repository';
import { amount, currency, customerId, items, ORDER_FULFILMENT, orderId } from '../../src/processes/order-fulfilment';
import { defineWorker, NonRetryableError } from '../worker-definition';

export const registerOrder = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.registerOrder,
  inputSchema: z.object({ orderId, customerId, items, amount, currency }),
  createHandler({ db }) {
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
  },
});
