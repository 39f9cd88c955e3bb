/**
 * POST /api/orders stores the order and starts `order-fulfilment` for it; GET /api/orders/{id} reads it back
 * (its cancellation: order-cancellation.ts).
 * Either way the caller gets its 201 only once both the process instance and the order row (with the
 * instance's key) are durable: an order with a generated id starts first and is then written once; an order
 * with the caller's own orderId is claimed first (see the two functions below, and order-starts.ts).
 * Concurrent requests share their INSERT and their UPDATE (coalesce.ts): each still answers only after its
 * own row is committed, but under load one statement serves many orders.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { coalesce } from '../../data/coalesce';
import { fromMinorUnits, toMinorUnits } from '../../data/money';
import type { NewOrder, Order, OrdersRepository } from '../../data/repositories/orders-repository';
import type { ShipmentsRepository } from '../../data/repositories/shipments-repository';
import { ORDER_FULFILMENT, type OrderStartVariables } from '../../processes/order-fulfilment';
import { HttpProblem, notFound } from '../http/problem';
import type { ProcessCommands } from '../process-commands/process-commands';
import { isSameOrder, ORDER_START_CLAIM_MS, startClaimedOrder } from '../process-starts/order-starts';
import type { ProcessStateReader } from '../process-state/process-state-reader';
import { defineRoute, type RouteSpec } from '../route-spec';
import { CreateOrderRequestSchema, OrderCreatedSchema, OrderIdParamsSchema, OrderSchema } from '../schemas/orders';
import type { OrderAdmission } from './order-admission';
import { orderCancellationRoute } from './order-cancellation';
import { problemResponse } from './problem-response';
import { zeebeProblem } from './zeebe-problem';

export interface OrderRouteDeps {
  orders: OrdersRepository;
  processes: ProcessCommands;
  /** finds an instance a cut-off start created after all (see order-starts.ts) */
  processState?: Pick<ProcessStateReader, 'findInstanceKeys'>;
  /** the order's shipment, for the carrier it is booked with (the decision shipping-carrier chose it first) */
  shipments?: Pick<ShipmentsRepository, 'get'>;
  /** refuses new orders while too many are unfinished (order-admission.ts); absent: no bound */
  admission?: OrderAdmission;
}

/** The order as the API shows it; `carrier` is the carrier its shipment is booked with (null: none booked). */
export function toOrderBody(order: Order, carrier: string | null = null): z.output<typeof OrderSchema> {
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
    carrier,
  };
}

export function orderRoutes({ orders, processes, processState, shipments, admission }: OrderRouteDeps): RouteSpec[] {
  // gather: requests that arrive together share their INSERT and their UPDATE
  const createOrder = coalesce((batch: NewOrder[]) => orders.createMany(batch), { gather: true });
  const attachProcessInstance = coalesce(
    async (batch: { id: string; processInstanceKey: string }[]) => {
      await orders.attachProcessInstances(batch);
      return batch.map(() => undefined);
    },
    { gather: true },
  );
  type Start = (id: string) => Promise<{ processInstanceKey: string }>;
  type MakeOrder = (id: string, processInstanceKey?: string) => NewOrder;

  /**
   * A generated id cannot be taken, so nothing needs claiming: the process starts first and the row is
   * written once, with its key. The process's first task (register-order) writes the same row from the
   * variables, so an order whose row never got written here (a crash in between) is recorded all the same;
   * when it wrote the row first, the insert finds it with this key (and the answer gives the row's status).
   * If the row cannot be written, the instance is cancelled and the order refused: nothing is left running.
   */
  async function startThenStore(id: string, start: Start, make: MakeOrder) {
    const { processInstanceKey } = await startOrRefuse(() => start(id));
    try {
      const { order } = await createOrder(make(id, processInstanceKey));
      if (order.processInstanceKey !== processInstanceKey) {
        throw new Error(`order ${id} is recorded for process instance ${order.processInstanceKey}`);
      }
      return { id, processInstanceKey, status: order.status };
    } catch (err) {
      await processes.cancelProcess(processInstanceKey).catch(() => {});
      throw err;
    }
  }

  /**
   * A caller-chosen id is claimed before anything starts, so a retry with the same id never starts a second
   * process while the first attempt runs (409). An order whose process never started (refused, or cut off
   * by a crash) is started by placing it again with the same content (order-starts.ts); other content is 409.
   */
  async function claimThenStart(id: string, make: MakeOrder) {
    const placed = make(id);
    const { order, created } = await createOrder(placed);
    if (!created) await claimAgain(order, placed);
    const { processInstanceKey } = await startClaimedOrder({ orders, processes, processState }, placed, {
      retry: !created,
      attach: (key) => attachProcessInstance({ id, processInstanceKey: key }),
    });
    return { id, processInstanceKey, status: 'in_progress' as const };
  }

  async function claimAgain(order: Order, placed: NewOrder) {
    const conflictWith = (detail: string, headers: Record<string, string> = {}) =>
      new HttpProblem(409, detail, { orderId: order.id, processInstanceKey: order.processInstanceKey }, headers);
    if (order.processInstanceKey || !isSameOrder(order, placed)) {
      throw conflictWith(`Order ${order.id} exists already; use a new orderId`);
    }
    if (!(await orders.claimStart(order.id, ORDER_START_CLAIM_MS))) {
      throw conflictWith(`Order ${order.id} is being started by an earlier request; retry later`, {
        'Retry-After': String(ORDER_START_CLAIM_MS / 1000),
      });
    }
  }

  async function startOrRefuse(start: () => Promise<{ processInstanceKey: string }>) {
    try {
      return await start();
    } catch (err) {
      throw zeebeProblem(err, `start ${ORDER_FULFILMENT.processId}`);
    }
  }

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
        409: problemResponse(
          'An order with this orderId exists (placing one whose process never started again, with the same ' +
            'content, starts it)',
        ),
        503: problemResponse(
          'Refused for now, retry after Retry-After: the backlog of unfinished orders is at ORDER_BACKLOG_LIMIT, ' +
            'or the engine is busy (RESOURCE_EXHAUSTED) or could not start the process',
        ),
      },
      async handler({ body }: { body: z.output<typeof CreateOrderRequestSchema> }, _req, res) {
        await admission?.admit();
        const newOrder = (id: string, processInstanceKey?: string): NewOrder => ({
          id,
          customerId: body.customerId,
          items: body.items,
          amountMinor: toMinorUnits(body.amount),
          currency: body.currency,
          processInstanceKey,
        });
        const start = (id: string) =>
          processes.startProcess(ORDER_FULFILMENT.processId, {
            orderId: id,
            customerId: body.customerId,
            items: body.items,
            amount: body.amount,
            currency: body.currency,
          } satisfies OrderStartVariables);
        const { id, processInstanceKey, status } =
          body.orderId === undefined
            ? await startThenStore(`order-${randomUUID()}`, start, newOrder)
            : await claimThenStart(body.orderId, newOrder);
        res
          .status(201)
          .location(`/api/orders/${encodeURIComponent(id)}`)
          .json({ id, status, processInstanceKey });
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
        404: problemResponse('No such order'),
      },
      async handler({ params }, _req, res) {
        const order = await orders.get(params.id);
        if (!order) throw notFound(`Order ${params.id} does not exist`);
        const shipment = await shipments?.get(order.id);
        res.json(toOrderBody(order, shipment?.status === 'created' ? shipment.carrierCode : null));
      },
    }),

    orderCancellationRoute({ orders, processes }),
  ];
}
