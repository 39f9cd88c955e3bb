/**
 * The "direct" baseline of the orchestration-overhead and single-order-latency rows: the work an order's happy
 * path needs anyway, with no engine, no gRPC and no HTTP. For each order, in sequence: the request body checked
 * with the API's schema and the order row inserted as POST /api/orders inserts it (the same coalesced
 * createMany), the business rule task's decision (bpmn/shipping-carrier.dmn, evaluated by the engine's own
 * DMN evaluation), and every service task of the happy path of bpmn/order-fulfilment.bpmn — register-order,
 * charge-payment, reserve-inventory, create-shipment, notify-customer, set-order-status (completed) — each
 * through the real worker's handler (definition.createHandler) and runJob, so zod checks the variables in and
 * out as in a worker. A job-like object stands in for the engine: it hands each task the variables its worker
 * fetches and merges what the task completes with into the order's variables, as the engine's scope would.
 * What the app does besides (HTTP, the engine and its journal, gRPC, job activation, and in the background the
 * outbox relay, the stage-event publisher and the loyalty consumer) is what the rows call orchestration.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { z } from 'zod';
import { CreateOrderRequestSchema } from '../src/app/schemas/orders';
import { coalesce } from '../src/data/coalesce';
import type { Database } from '../src/data/database';
import { toMinorUnits } from '../src/data/money';
import { createOrdersRepository, type NewOrder } from '../src/data/repositories/orders-repository';
import { evaluateDecision, parseDmn } from '../src/engine/decisions';
import { ORDER_FULFILMENT } from '../src/processes/order-fulfilment';
import { type ActivatedJobLike, runJob } from '../workers/run-job';
import { fetchVariables, type WorkerDefinition } from '../workers/worker-definition';
import { findWorker } from '../workers/worker-registry';

const { taskTypes } = ORDER_FULFILMENT;

/** The service tasks of the happy path in model order: element id, task type and the task's input mappings. */
const HAPPY_PATH: { elementId: string; taskType: string; local?: Record<string, unknown>; before?: 'decision' }[] = [
  { elementId: 'register-order', taskType: taskTypes.registerOrder },
  { elementId: 'charge-payment', taskType: taskTypes.chargePayment },
  { elementId: 'reserve-inventory', taskType: taskTypes.reserveInventory },
  // the business rule task choose-carrier runs between these two
  { elementId: 'create-shipment', taskType: taskTypes.createShipment, before: 'decision' },
  { elementId: 'notify-customer', taskType: taskTypes.notifyCustomer },
  { elementId: 'mark-order-completed', taskType: taskTypes.setOrderStatus, local: { orderStatus: 'completed' } },
];

/** What POST /api/orders receives (the bench's orders: one mug, in stock, funded, with pickup slots). */
export type OrderRequest = z.input<typeof CreateOrderRequestSchema>;

export interface DirectOrders {
  /** Runs one order's work to `completed`; rejects if any step does not complete. */
  place(request: OrderRequest, orderId: string): Promise<void>;
}

interface Step {
  elementId: string;
  definition: WorkerDefinition;
  handler: ReturnType<WorkerDefinition['createHandler']>;
  fetched: string[];
  local: Record<string, unknown>;
  decisionFirst: boolean;
}

async function shippingDecision(): Promise<(variables: Record<string, unknown>) => unknown> {
  const xml = readFileSync(path.join(__dirname, '..', 'bpmn', 'shipping-carrier.dmn'), 'utf8');
  const parsed = await parseDmn(xml);
  if (!parsed.ok) throw new Error(`bpmn/shipping-carrier.dmn does not parse: ${JSON.stringify(parsed)}`);
  const { drg } = parsed;
  return (variables) => {
    const result = evaluateDecision(drg, ORDER_FULFILMENT.decisions.shippingCarrier, variables);
    if (!result.ok) throw new Error(`shipping-carrier: ${result.failureMessage}`);
    return result.decisionOutput;
  };
}

// far from the engine's keys, and unique within a run (register-order links the row to it)
let nextInstanceKey = 9_000_000_000_000_000n;

/** The baseline over `db` (migrated and provisioned); handlers are built once, as start-workers.ts builds them. */
export async function directOrders(db: Database, logger: Logger = pino({ level: 'silent' })): Promise<DirectOrders> {
  const decide = await shippingDecision();
  const orders = createOrdersRepository(db);
  // as the route inserts: requests that arrive together share their INSERT
  const createOrder = coalesce((batch: NewOrder[]) => orders.createMany(batch), { gather: true });
  const steps: Step[] = HAPPY_PATH.map(({ elementId, taskType, local, before }) => {
    const definition = findWorker(taskType);
    const workerLogger = logger.child({ worker: taskType });
    return {
      elementId,
      definition,
      handler: definition.createHandler({ db, logger: workerLogger }),
      fetched: fetchVariables(definition),
      local: local ?? {},
      decisionFirst: before === 'decision',
    };
  });

  async function runStep(step: Step, variables: Record<string, unknown>, processInstanceKey: string) {
    const fetched: Record<string, unknown> = {};
    for (const name of step.fetched) if (name in variables) fetched[name] = variables[name];
    const key = String(nextInstanceKey++);
    const job: ActivatedJobLike = {
      key,
      processInstanceKey,
      bpmnProcessId: ORDER_FULFILMENT.processId,
      elementId: step.elementId,
      elementInstanceKey: key,
      retries: 3,
      variables: { ...fetched, ...step.local },
      complete: async (output) => Object.assign(variables, output),
      fail: async () => undefined,
      error: async () => undefined,
    };
    const outcome = await runJob(step.definition, step.handler, job, { logger });
    if (outcome.kind !== 'completed') {
      throw new Error(`direct order: ${step.elementId} did not complete: ${JSON.stringify(outcome)}`);
    }
  }

  return {
    async place(request, orderId) {
      const body = CreateOrderRequestSchema.parse(request);
      const processInstanceKey = String(nextInstanceKey++);
      const variables: Record<string, unknown> = {
        orderId,
        customerId: body.customerId,
        items: body.items,
        amount: body.amount,
        currency: body.currency,
      };
      const { order } = await createOrder({
        id: orderId,
        customerId: body.customerId,
        items: body.items,
        amountMinor: toMinorUnits(body.amount),
        currency: body.currency,
        processInstanceKey,
      });
      if (order.processInstanceKey !== processInstanceKey) throw new Error(`order ${orderId} exists already`);
      for (const step of steps) {
        if (step.decisionFirst) variables.shipping = decide(variables);
        await runStep(step, variables, processInstanceKey);
      }
    },
  };
}
