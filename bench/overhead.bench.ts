/**
 * Orchestration overhead: completed orders per second of the whole stack as `npm start` runs it, beside the
 * direct baseline (direct-order.ts: the same handlers and SQL called in sequence for each order, no engine),
 * both with the same number of orders in flight. The app's figure is the orders placed over HTTP divided by the
 * time from the first POST to the moment the last of them completed (the backlog drained); the baseline's is
 * the same orders divided by the time they took. Both get a warm-up first, and every order is checked to be
 * `completed` in its database afterwards.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BENCH_ORDER, expectAllCompleted, inLanes, openDirectOrders, startOrderApp } from './order-app';

/** requests the app has in hand at a time: the rest row's autocannon connections */
export const ORDERS_IN_FLIGHT = 10;
const WARM_UP_ORDERS = 50;

export async function appCompletedOrdersPerSecond(n: number, inFlight = ORDERS_IN_FLIGHT): Promise<number> {
  const app = await startOrderApp();
  try {
    await inLanes(WARM_UP_ORDERS, inFlight, async () => {
      await app.post();
    });
    await app.completion(WARM_UP_ORDERS);
    const ids: string[] = [];
    const started = performance.now();
    await inLanes(n, inFlight, async () => {
      ids.push(await app.post());
    });
    const lastCompleted = await app.completion(WARM_UP_ORDERS + n, 120_000);
    await expectAllCompleted(app.db, ids, 'the app');
    return n / ((lastCompleted - started) / 1000);
  } finally {
    await app.close();
  }
}

export async function directCompletedOrdersPerSecond(n: number, inFlight = ORDERS_IN_FLIGHT): Promise<number> {
  const direct = await openDirectOrders();
  try {
    const place = (id: string) => direct.orders.place(BENCH_ORDER, id);
    await inLanes(WARM_UP_ORDERS, inFlight, () => place(`order-${randomUUID()}`));
    const ids = Array.from({ length: n }, () => `order-${randomUUID()}`);
    const started = performance.now();
    await inLanes(n, inFlight, (i) => place(ids[i]));
    const seconds = (performance.now() - started) / 1000;
    await expectAllCompleted(direct.db, ids, 'the direct baseline');
    return n / seconds;
  } finally {
    await direct.close();
  }
}
