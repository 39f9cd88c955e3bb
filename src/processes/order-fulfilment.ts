/**
 * The order-fulfilment process (bpmn/order-fulfilment.bpmn) as routes, workers and tests name it: its id, the
 * task types its workers serve, the BPMN error codes thrown in it, and zod schemas of its variables. The model
 * is the contract; test/processes/process-contracts.test.ts checks every name here against it.
 */
import { z } from 'zod';
import { MAX_INTEGER_COLUMN } from '../data/column-limits';
import { hasAtMostTwoDecimals, MAX_AMOUNT } from '../data/money';

export const ORDER_FULFILMENT = {
  processId: 'order-fulfilment',
  taskTypes: {
    registerOrder: 'register-order',
    chargePayment: 'charge-payment',
    reserveInventory: 'reserve-inventory',
    createShipment: 'create-shipment',
    notifyCustomer: 'notify-customer',
    /** the end-state tasks pass completed, rejected or cancelled in orderStatus */
    setOrderStatus: 'set-order-status',
    refundPayment: 'refund-payment',
    releaseInventory: 'release-inventory',
    cancelShipment: 'cancel-shipment',
    escalateShipment: 'escalate-shipment',
  },
  /** decisions the model calls (bpmn/*.dmn, deployed with the models) */
  decisions: {
    shippingCarrier: 'shipping-carrier',
  },
  messages: {
    /** correlated by orderId: the "Cancel order" event sub-process stops the order and undoes what was done */
    orderCancellationRequested: 'order-cancellation-requested',
  },
  errorCodes: {
    /** caught on charge-payment: the order ends rejected, with nothing to compensate */
    paymentDeclined: 'PAYMENT_DECLINED',
    /** the shipment SLA branch ends in it */
    shipmentSlaBreached: 'SHIPMENT_SLA_BREACHED',
    /** this one and the next: caught by the "Undo order" event sub-process, which compensates and cancels */
    outOfStock: 'OUT_OF_STOCK',
    shippingFailed: 'SHIPPING_FAILED',
  },
} as const;

export const orderId = z.string().min(1, 'must not be empty').max(100);
export const customerId = z.string().min(1, 'must not be empty').max(100);
export const orderItem = z.object({
  sku: z.string().min(1, 'must not be empty').max(100),
  quantity: z
    .number()
    .int('must be a whole number')
    .positive('must be greater than 0')
    .max(MAX_INTEGER_COLUMN, `must be at most ${MAX_INTEGER_COLUMN}`),
});
export const items = z.array(orderItem).min(1, 'must contain at least one item');
export const amount = z
  .number()
  .positive('must be greater than 0')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
  .refine(hasAtMostTwoDecimals, 'must have at most two decimals');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR');

/** What starts an instance: the order as the API accepted it. */
export const orderStartVariables = z.object({ orderId, customerId, items, amount, currency });
export type OrderStartVariables = z.infer<typeof orderStartVariables>;

/** The decision shipping-carrier's result (business rule task choose-carrier): null when no rule matched. */
export const shipping = z.object({ carrier: z.string(), service: z.string().nullish() }).nullish();

/** Why an order was rejected or cancelled; set from the failing worker's BPMN error variables. */
export const failureReason = z.string().nullish();
