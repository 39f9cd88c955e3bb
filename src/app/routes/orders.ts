/**
 * POST /api/orders stores the order and starts `order-fulfilment` for it; GET /api/orders/{id} reads it back.
 * The order row is written first, so the order can be read as soon as the caller has its id; when the engine
 * refuses to start the process the order is closed as cancelled with the reason, never left dangling.
 * Concurrent requests share their INSERT and their UPDATE (coalesce.ts): each still answers only after its
 * own row is committed, but under load one statement serves many orders.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { coalesce } from '../../data/coalesce';
import { fromMinorUnits, toMinorUnits } from '../../data/money';
import type { NewOrder, Order, OrdersRepository } from '../../data/repositories/orders-repository';
import { conflict, notFound } from '../http/problem';
import type { ProcessCommands } from '../process-commands/process-commands';
import { defineRoute, type RouteSpec } from '../route-spec';
import { ProblemSchema } from '../schemas/common';
import { CreateOrderRequestSchema, OrderCreatedSchema, OrderIdParamsSchema, OrderSchema } from '../schemas/orders';
import { zeebeProblem } from './zeebe-problem';

export const ORDER_PROCESS_ID = 'order-fulfilment';

export interface OrderRouteDeps {
  orders: OrdersRepository;
  processes: ProcessCommands;
}

export function toOrderBody(order: Order): z.output<typeof OrderSchema> {
  return {
    id: order.id,
    status: order.status,
    processInstanceKey: order.processInstanceKey,
    customerId: order.customerId,
    items: order.items,
    amount: fromMinorUnits(order.amountMinor),
    currency: order.currency,
    statusReason: order.statusReason,
    createdAt: new Date(order.createdAt).toISOString(),
    updatedAt: new Date(order.updatedAt).toISOString(),
  };
}

export function orderRoutes({ orders, processes }: OrderRouteDeps): RouteSpec[] {
  // gather: requests that arrive together share their INSERT and their UPDATE
  const createOrder = coalesce((batch: NewOrder[]) => orders.createMany(batch), { gather: true });
  const attachProcessInstance = coalesce(
    async (batch: { id: string; processInstanceKey: string }[]) => {
      await orders.attachProcessInstances(batch);
      return batch.map(() => undefined);
    },
    { gather: true },
  );
  return [
    defineRoute({
      method: 'post',
      path: '/api/orders',
      operationId: 'createOrder',
      summary: 'Place an order and start its fulfilment process',
      tags: ['Orders'],
      body: { kind: 'json', schema: CreateOrderRequestSchema },
      responses: {
        201: { description: 'Order stored and order-fulfilment started', schema: OrderCreatedSchema },
        409: {
          description: 'An order with this orderId exists',
          schema: ProblemSchema,
          contentType: 'application/problem+json',
        },
        503: {
          description: 'The engine could not start the process',
          schema: ProblemSchema,
          contentType: 'application/problem+json',
        },
      },
      async handler({ body }: { body: z.output<typeof CreateOrderRequestSchema> }, _req, res) {
        const id = body.orderId ?? `order-${randomUUID()}`;
        const { order, created } = await createOrder({
          id,
          customerId: body.customerId,
          items: body.items,
          amountMinor: toMinorUnits(body.amount),
          currency: body.currency,
        });
        if (!created) {
          throw conflict(`Order ${id} exists already; use a new orderId`, {
            orderId: id,
            processInstanceKey: order.processInstanceKey,
          });
        }
        let processInstanceKey: string;
        try {
          const started = await processes.startProcess(ORDER_PROCESS_ID, {
            orderId: id,
            customerId: body.customerId,
            items: body.items,
            amount: body.amount,
            currency: body.currency,
          });
          processInstanceKey = started.processInstanceKey;
        } catch (err) {
          const problem = zeebeProblem(err, `start ${ORDER_PROCESS_ID}`);
          await orders.setFinalStatus(id, 'cancelled', problem.detail).catch(() => {});
          throw problem;
        }
        await attachProcessInstance({ id, processInstanceKey });
        res
          .status(201)
          .location(`/api/orders/${encodeURIComponent(id)}`)
          .json({ id, status: 'in_progress', processInstanceKey });
      },
    }),

    defineRoute({
      method: 'get',
      path: '/api/orders/{id}',
      operationId: 'getOrder',
      summary: 'Read an order and its status',
      tags: ['Orders'],
      params: OrderIdParamsSchema,
      responses: {
        200: { description: 'The order', schema: OrderSchema },
        404: { description: 'No such order', schema: ProblemSchema, contentType: 'application/problem+json' },
      },
      async handler({ params }, _req, res) {
        const order = await orders.get(params.id);
        if (!order) throw notFound(`Order ${params.id} does not exist`);
        res.json(toOrderBody(order));
      },
    }),
  ];
}
