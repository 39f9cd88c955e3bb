/**
 * charge-payment: charges the order amount to the customer's payment account. Keyed by order id, so a
 * redelivered job returns the first charge. Insufficient funds or no account → BPMN error PAYMENT_DECLINED
 * (the order ends rejected; nothing to compensate).
 */
import { z } from 'zod';
import { toMinorUnits } from '../../src/data/money';
import { createPaymentsRepository } from '../../src/data/repositories/payments-repository';
import { amount, currency, customerId, ORDER_FULFILMENT, orderId } from '../../src/processes/order-fulfilment';
import { BpmnError, defineWorker } from '../worker-definition';

const { paymentDeclined } = ORDER_FULFILMENT.errorCodes;

export const chargePayment = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.chargePayment,
  inputSchema: z.object({ orderId, customerId, amount, currency }),
  outputSchema: z.object({ paymentId: z.number().int() }),
  bpmnErrors: [paymentDeclined],
  createHandler({ db }) {
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
        throw new BpmnError(paymentDeclined, reason, { failureReason: reason });
      }
      job.logger.info({ paymentId: result.payment.id, alreadyCharged: result.alreadyCharged }, 'payment charged');
      return { paymentId: result.payment.id };
    };
  },
});
