/**
 * refund-payment: compensation handler of charge-payment. Refunds the order's charge in full, once;
 * with no charge (nothing to undo) it completes without effect.
 */
import { z } from 'zod';
import { createPaymentsRepository } from '../../src/data/repositories/payments-repository';
import { ORDER_FULFILMENT, orderId } from '../../src/processes/order-fulfilment';
import { defineWorker } from '../worker-definition';

export const refundPayment = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.refundPayment,
  inputSchema: z.object({ orderId }),
  createHandler({ db }) {
    const payments = createPaymentsRepository(db);
    return async (input, job) => {
      const result = await payments.refund(input.orderId);
      job.logger.info(
        result.status === 'refunded'
          ? { refundId: result.payment.id, alreadyRefunded: result.alreadyRefunded }
          : { nothingToUndo: true },
        'payment refunded',
      );
      return {};
    };
  },
});
