/**
 * Single-order latency: POST /api/orders → the order's instance completed, one order at a time on an idle app,
 * beside the direct baseline (direct-order.ts) running one order's work in sequence. Between orders both wait
 * longer than the workers' pause between activations (so every worker is waiting for work again, and the
 * previous order's background work, outbox relay and stage events, is done), as orders placed by people arrive.
 * The app's moment of completion is the engine's event for the instance (after its last task wrote the row;
 * nothing polls the app); every order is checked to be `completed` in the database afterwards.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_POLL_INTERVAL_MS } from '../workers/start-workers';
import { BENCH_ORDER, expectAllCompleted, openDirectOrders, startOrderApp } from './order-app';

const WARM_UP_ORDERS = 10;
export const IDLE_GAP_MS = DEFAULT_POLL_INTERVAL_MS + 20;

/** The value below which `share` of the samples lie (nearest rank). */
export function percentile(samples: number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}

/** Milliseconds from sending each POST to its instance's completion, for `n` orders after a warm-up. */
export async function appOrderLatenciesMs(n: number): Promise<number[]> {
  const app = await startOrderApp();
  try {
    const latencies: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < WARM_UP_ORDERS + n; i++) {
      await sleep(IDLE_GAP_MS);
      const sent = performance.now();
      const id = await app.post();
      const completed = await app.completion(i + 1);
      if (i < WARM_UP_ORDERS) continue;
      latencies.push(completed - sent);
      ids.push(id);
    }
    await expectAllCompleted(app.db, ids, 'the app');
    return latencies;
  } finally {
    await app.close();
  }
}

/** Milliseconds each order's direct work takes, `n` orders one at a time after a warm-up. */
export async function directOrderLatenciesMs(n: number): Promise<number[]> {
  const direct = await openDirectOrders();
  try {
    const latencies: number[] = [];
    const ids: string[] = [];
    for (let i = 0; i < WARM_UP_ORDERS + n; i++) {
      await sleep(IDLE_GAP_MS);
      const id = `order-${randomUUID()}`;
      const started = performance.now();
      await direct.orders.place(BENCH_ORDER, id);
      if (i < WARM_UP_ORDERS) continue;
      latencies.push(performance.now() - started);
      ids.push(id);
    }
    await expectAllCompleted(direct.db, ids, 'the direct baseline');
    return latencies;
  } finally {
    await direct.close();
  }
}
