/**
 * refund-payment: compensation handler of charge-payment. Refunds the order's charge in full, once;
 * with no charge (nothing to undo) it completes without effect.
 */
import { z } from 'zod';
import { createPaymentsRepository } from '../../src/data/repositories/payments-repository';
import { defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { orderId } from './order-variables';

export const taskType = 'refund-payment';
export const inputSchema = z.object({ orderId });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createRefundPaymentWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
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
}

export const refundPayment = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createRefundPaymentWorker,
});
