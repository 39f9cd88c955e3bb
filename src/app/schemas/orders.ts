/**
 * Orders: what POST /api/orders accepts (the order-fulfilment start variables, checked with the same field
 * schemas the workers use) and what the order endpoints return.
 */
import { z } from 'zod';
import { ORDER_STATUSES } from '../../data/repositories/orders-repository';
import { amount, currency, customerId, orderId, orderItem } from '../../processes/order-fulfilment';
import { zeebeKey } from './common';

export const CreateOrderRequestSchema = z
  .strictObject({
    orderId: orderId.optional().meta({ description: 'your id for the order; generated when absent' }),
    customerId,
    items: z.array(z.strictObject(orderItem.shape)).min(1, 'must contain at least one item').max(100),
    amount: amount.meta({ description: 'total in major units, at most two decimals (49.90)' }),
    currency,
  })
  .meta({ id: 'CreateOrderRequest' });

export const OrderCreatedSchema = z
  .object({
    id: z.string(),
    status: z.enum(ORDER_STATUSES),
    processInstanceKey: zeebeKey,
  })
  .meta({ id: 'OrderCreated' });

export const OrderSchema = z
  .object({
    id: z.string(),
    status: z.enum(ORDER_STATUSES),
    processInstanceKey: z.string().nullable(),
    customerId: z.string(),
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    amount: z.number(),
    currency: z.string(),
    statusReason: z.string().nullable().meta({ description: 'why the order was rejected or cancelled' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    carrier: z
      .string()
      .nullable()
      .meta({ description: 'the carrier the shipment is booked with (chosen by the decision shipping-carrier)' }),
  })
  .meta({ id: 'Order' });

export const OrderIdParamsSchema = z.strictObject({ id: orderId });
