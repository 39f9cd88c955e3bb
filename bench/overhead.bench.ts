/**
 * Orchestration overhead: completed orders per second of the whole stack as `npm start` runs it, beside the
 * direct baseline (direct-order.ts: the same handlers and SQL called in sequence for each order, no engine),
 * both with the same number of orders in flight. The app's figure is the orders placed over HTTP divided by the
 * time from the first POST to the moment the last of them completed (the backlog drained); the baseline's is
 * the same number of orders divided by the time they took. Each side is started and warmed up once, then
 * measured in repetitions that alternate with the other's, so a change in the machine's load meets both alike;
 * every order is checked to be `completed` in its database.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BENCH_ORDER, expectAllCompleted, inLanes, openDirectOrders, startOrderApp } from './order-app';
import { type BenchRow, summarize } from './stats';

/** requests the app has in hand at a time: the rest row's autocannon connections */
export const ORDERS_IN_FLIGHT = 10;
const WARM_UP_ORDERS = 50;

/** Completed orders per second of the app and of the direct baseline, `reps` alternating runs of `n` orders. */
export async function overheadSamples(
  n: number,
  reps: number,
): Promise<{ app: number[]; direct: number[]; refused: number }> {
  const app = await startOrderApp();
  const direct = await openDirectOrders();
  try {
    const appRun = async () => {
      app.freshConnections();
      const before = app.completedCount();
      const ids: string[] = [];
      const started = performance.now();
      await inLanes(n, ORDERS_IN_FLIGHT, async () => {
        ids.push(await app.post());
      });
      const lastCompleted = await app.completion(before + n, 120_000);
      await expectAllCompleted(app.db, ids, 'the app');
      return n / ((lastCompleted - started) / 1000);
    };
    const directRun = async (count: number) => {
      const ids = Array.from({ length: count }, () => `order-${randomUUID()}`);
      const started = performance.now();
      await inLanes(count, ORDERS_IN_FLIGHT, (i) => direct.orders.place(BENCH_ORDER, ids[i]));
      const seconds = (performance.now() - started) / 1000;
      await expectAllCompleted(direct.db, ids, 'the direct baseline');
      return count / seconds;
    };
    await inLanes(WARM_UP_ORDERS, ORDERS_IN_FLIGHT, async () => {
      await app.post();
    });
    await app.completion(WARM_UP_ORDERS);
    await directRun(WARM_UP_ORDERS);
    const refusedBefore = app.refusedCount();
    const samples = { app: [] as number[], direct: [] as number[], refused: 0 };
    for (let i = 0; i < reps; i++) {
      samples.app.push(await appRun());
      samples.direct.push(await directRun(n));
    }
    samples.refused = app.refusedCount() - refusedBefore;
    return samples;
  } finally {
    await Promise.all([app.close(), direct.close()]);
  }
}

/** The `overhead` row of `npm run bench`. */
export async function overheadRow(n: number, reps: number): Promise<BenchRow> {
  const samples = await overheadSamples(n, reps);
  const app = summarize(samples.app);
  const direct = summarize(samples.direct);
  return {
    name: `orchestration overhead: completed orders/s, ${n} orders, ${ORDERS_IN_FLIGHT} in flight`,
    unit: 'orders/s',
    ours: app,
    baseline: { name: 'the same handlers and SQL called directly', summary: direct },
    ratio: { label: 'app ÷ direct', value: app.median / direct.median, target: 0.5, higherIsBetter: true },
    note:
      'the app as `npm start` runs it (journaled engine, PGlite on disk, the workers in the same process, the default ' +
      `admission bound) takes ${n} POST /api/orders over keep-alive HTTP, ${ORDERS_IN_FLIGHT} at a time; its figure is ` +
      `${n} ÷ the time from the first POST to the completion of the last instance (the backlog drained). The direct ` +
      'baseline (bench/direct-order.ts) runs, per order and in sequence, in the same process on its own copy of the ' +
      "same PGlite data directory: the API's body schema and its coalesced order INSERT, then register-order, " +
      "charge-payment, reserve-inventory, the decision shipping-carrier (the engine's DMN evaluation: parcelco), " +
      'create-shipment, notify-customer and set-order-status (completed), each through its real handler and runJob ' +
      `(zod in and out), ${ORDERS_IN_FLIGHT} orders in flight as the app has them; no HTTP, engine, gRPC, job ` +
      'activation, and none of the work the app does in the background once an order completed (the outbox relay ' +
      'sending the confirmation; stage events published, and credited as loyalty points). Each side is started once and warmed up with ' +
      `${WARM_UP_ORDERS} orders, then the repetitions alternate app and direct (the other stays open, idle, meanwhile); ` +
      'every order is checked `completed` in its database' +
      (samples.refused ? `; ${samples.refused} POSTs were refused (503) and placed again after Retry-After` : ''),
  };
}
