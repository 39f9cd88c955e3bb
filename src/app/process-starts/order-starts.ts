/**
 * An order with the caller's own orderId is written first (claimed, so a second request with that id finds
 * it) and its process started second; the row and the start are one unit because neither step is final on
 * its own:
 * - a refused start closes the order as cancelled with the reason, and placing the same order again (same
 *   content) starts it; other content under that id is a conflict;
 * - a start cut off between the two steps (a crash, a lost connection) leaves the row claimed without an
 *   instance: a retry once the claim has timed out, or the start-up repair, finishes it.
 * Before starting again, the instance an earlier attempt may have started after all is looked up (by its
 * orderId variable), so a retry attaches that instance instead of starting a second one.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import { fromMinorUnits } from '../../data/money';
import type { NewOrder, Order, OrdersRepository } from '../../data/repositories/orders-repository';
import { ORDER_FULFILMENT } from '../../processes/order-fulfilment';
import { mayHaveBeenApplied, type ProcessCommands } from '../process-commands/process-commands';
import type { ProcessStateReader } from '../process-state/process-state-reader';
import { zeebeProblem } from '../routes/zeebe-problem';

export const ORDER_PROCESS_ID = ORDER_FULFILMENT.processId;

/**
 * How long a start is left to the request that claimed it before another may take over: longer than a start
 * command may take (the SDK's 10 s deadline) with room for writing its instance key.
 */
export const ORDER_START_CLAIM_MS = 30_000;

export interface OrderStartDeps {
  orders: OrdersRepository;
  processes: ProcessCommands;
  /** looks up an instance an earlier, cut-off attempt may have started (absent: start again) */
  processState?: Pick<ProcessStateReader, 'findInstanceKeys'>;
}

/** The start variables of order-fulfilment for a stored order. */
export function orderStartVariables(order: Pick<Order, 'id' | 'customerId' | 'items' | 'amountMinor' | 'currency'>) {
  return {
    orderId: order.id,
    customerId: order.customerId,
    items: order.items,
    amount: fromMinorUnits(order.amountMinor),
    currency: order.currency,
  };
}

/** Whether a stored order has the content of the one placed again (then a retry may start it). */
export function isSameOrder(stored: Order, placed: NewOrder): boolean {
  return (
    stored.customerId === placed.customerId &&
    stored.amountMinor === placed.amountMinor &&
    stored.currency === placed.currency &&
    isDeepStrictEqual(
      stored.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
      placed.items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    )
  );
}

/** The instance an earlier attempt started for this order, if the process state shows one. */
async function startedBefore(deps: OrderStartDeps, orderId: string): Promise<string | undefined> {
  const find = deps.processState?.findInstanceKeys;
  if (!find) return undefined;
  const keys = await find.call(deps.processState, ORDER_PROCESS_ID, { name: 'orderId', value: orderId });
  return keys[0];
}

/**
 * Starts the process of an order this caller has claimed and attaches the instance. `retry`: an earlier
 * attempt may have started it, so that is looked up first. A refusal closes the order (failStart) with the
 * reason; a start whose answer never came (it may have happened) only ends the claim. Either is thrown as the
 * HTTP problem a caller reports.
 */
export async function startClaimedOrder(
  deps: OrderStartDeps,
  order: Pick<Order, 'id' | 'customerId' | 'items' | 'amountMinor' | 'currency'>,
  options: { retry: boolean; attach?: (processInstanceKey: string) => Promise<void> },
): Promise<{ processInstanceKey: string }> {
  const attach = options.attach ?? ((key) => deps.orders.attachProcessInstance(order.id, key));
  const earlier = options.retry ? await startedBefore(deps, order.id).catch(() => undefined) : undefined;
  if (earlier) {
    await attach(earlier);
    return { processInstanceKey: earlier };
  }
  let processInstanceKey: string;
  try {
    ({ processInstanceKey } = await deps.processes.startProcess(ORDER_PROCESS_ID, orderStartVariables(order)));
  } catch (err) {
    const problem = zeebeProblem(err, `start ${ORDER_PROCESS_ID}`);
    const settle = mayHaveBeenApplied(err)
      ? deps.orders.releaseStart(order.id)
      : deps.orders.failStart(order.id, problem.detail);
    await settle.catch(() => {});
    throw problem;
  }
  await attach(processInstanceKey);
  return { processInstanceKey };
}

/**
 * At start-up: starts every order left without an instance (claimed before claimTimeoutMs, or never), as a
 * retry would. A refused start closes that order as cancelled with the reason; the others go on.
 */
export async function repairUnstartedOrders(
  deps: OrderStartDeps,
  options: { claimTimeoutMs: number; logger: Logger },
): Promise<{ started: string[]; refused: string[] }> {
  const started: string[] = [];
  const refused: string[] = [];
  for (const unstarted of await deps.orders.listUnstarted(options.claimTimeoutMs)) {
    const order = await deps.orders.claimStart(unstarted.id, options.claimTimeoutMs);
    if (!order) continue; // taken by a request meanwhile
    try {
      const { processInstanceKey } = await startClaimedOrder(deps, order, { retry: true });
      started.push(order.id);
      options.logger.info({ orderId: order.id, processInstanceKey }, 'started the process of an order left unstarted');
    } catch (err) {
      refused.push(order.id);
      const reason = (err as Error).message;
      options.logger.warn({ orderId: order.id, reason }, 'the process of an order left unstarted could not be started');
    }
  }
  return { started, refused };
}
