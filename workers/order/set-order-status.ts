/**
 * set-order-status: writes the order's final status (completed, rejected or cancelled) and the reason.
 * The model passes the status through an input mapping on each end-state task. Writing the same status
 * again is a no-op; a contradicting status (cancel a completed order) is an incident.
 */
import { z } from 'zod';
import { createOrdersRepository, OrderStatusConflictError } from '../../src/data/repositories/orders-repository';
import { failureReason, ORDER_FULFILMENT, orderId } from '../../src/processes/order-fulfilment';
import { defineWorker, NonRetryableError } from '../worker-definition';

export const setOrderStatus = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.setOrderStatus,
  inputSchema: z.object({
    orderId,
    orderStatus: z.enum(['completed', 'rejected', 'cancelled']),
    failureReason,
  }),
  createHandler({ db }) {
    const orders = createOrdersRepository(db);
    return async (input, job) => {
      const reason = input.orderStatus === 'completed' ? undefined : (input.failureReason ?? undefined);
      try {
        const { changed } = await orders.setFinalStatus(input.orderId, input.orderStatus, reason);
        job.logger.info({ orderStatus: input.orderStatus, changed }, 'order status set');
      } catch (error) {
        if (error instanceof OrderStatusConflictError) throw new NonRetryableError(error.message);
        throw error;
      }
      return {};
    };
  },
});
