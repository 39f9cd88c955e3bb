/**
 * charge-payment: charges the order amount to the customer's payment account. Keyed by order id, so a
 * redelivered job returns the first charge. Insufficient funds or no account → BPMN error PAYMENT_DECLINED
 * (the order ends rejected; nothing to compensate).
 */
import { z } from 'zod';
import { toMinorUnits } from '../../src/data/money';
import { createPaymentsRepository } from '../../src/data/repositories/payments-repository';
import { BpmnError, defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { amount, currency, customerId, orderId } from './order-variables';

export const taskType = 'charge-payment';
export const inputSchema = z.object({ orderId, customerId, amount, currency });
export const outputSchema = z.object({ paymentId: z.number().int() });
export const bpmnErrors = ['PAYMENT_DECLINED'] as const;

export function createChargePaymentWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const payments = createPaymentsRepository(db);
  return async (input, job) => {
    const result = await payments.charge({
      orderId: input.orderId,
      customerId: input.customerId,
      amountMinor: toMinorUnits(input.amount),
      currency: input.currency,
    });
    if (result.status === 'declined') {
      const reason = `payment declined: ${result.reason}`;
      throw new BpmnError('PAYMENT_DECLINED', reason, { failureReason: reason });
    }
    job.logger.info({ paymentId: result.payment.id, alreadyCharged: result.alreadyCharged }, 'payment charged');
    return { paymentId: result.payment.id };
  };
}

export const chargePayment = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createChargePaymentWorker,
});
