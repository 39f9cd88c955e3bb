/**
 * POST /api/orders/{id}/cancellation: a running order is cancelled by publishing the message its process's
 * cancellation event sub-process waits for, which undoes the finished steps (refund, stock released, shipment
 * cancelled); an order that already ended, or whose process never started, is a 409 naming why.
 */
import { ORDER_FULFILMENT } from '../../processes/order-fulfilment';
import { conflict, notFound } from '../http/problem';
import { defineRoute, type RouteSpec } from '../route-spec';
import { EmptyBodySchema } from '../schemas/onboardings';
import { OrderIdParamsSchema, OrderSchema } from '../schemas/orders';
import { type OrderRouteDeps, toOrderBody } from './orders';
import { problemResponse } from './problem-response';
import { zeebeProblem } from './zeebe-problem';

export function orderCancellationRoute({ orders, processes }: Pick<OrderRouteDeps, 'orders' | 'processes'>): RouteSpec {
  return defineRoute({
    method: 'post',
    path: '/api/orders/{id}/cancellation',
    operationId: 'cancelOrder',
    summary:
      `Cancel an order in progress (publishes ${ORDER_FULFILMENT.messages.orderCancellationRequested}; ` +
      'the payment is refunded, the stock released and the shipment cancelled)',
    tags: ['Orders'],
    params: OrderIdParamsSchema,
    body: { kind: 'json', schema: EmptyBodySchema, required: false },
    responses: {
      202: { description: 'Cancellation requested; the order as it is now', schema: OrderSchema },
      404: problemResponse('No such order'),
      409: problemResponse('The order is completed, rejected or cancelled already, or its process never started'),
      503: problemResponse('The engine could not take the message'),
    },
    async handler({ params }, _req, res) {
      const order = await orders.get(params.id);
      if (!order) throw notFound(`Order ${params.id} does not exist`);
      const refuse = (why: string) =>
        conflict(`Cannot cancel order ${order.id}: ${why}`, { orderId: order.id, orderStatus: order.status });
      if (order.status !== 'in_progress') throw refuse(`it is ${order.status} already`);
      if (!order.processInstanceKey) throw refuse('its process never started (place it again to start it)');
      const name = ORDER_FULFILMENT.messages.orderCancellationRequested;
      try {
        // no buffering: only the running order may be cancelled, never a later one with the same id
        await processes.publishMessage({ name, correlationKey: order.id, timeToLiveMs: 0 });
      } catch (err) {
        throw zeebeProblem(err, `publish message ${name}`);
      }
      res.status(202).json(toOrderBody(order));
    },
  });
}
