/**
 * zod schemas of the order-fulfilment process variables, shared by its workers (and usable by the API to
 * validate an order before starting the process). Start variables: orderId, customerId, items, amount, currency.
 */
import { z } from 'zod';
import { MAX_INTEGER_COLUMN } from '../../src/data/column-limits';
import { hasAtMostTwoDecimals, MAX_AMOUNT } from '../../src/data/money';

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

export const orderStartVariables = z.object({ orderId, customerId, items, amount, currency });
export type OrderStartVariables = z.infer<typeof orderStartVariables>;

/** Why an order was rejected or cancelled; set from the failing worker's BPMN error variables. */
export const failureReason = z.string().nullish();
