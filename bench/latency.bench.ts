/**
 * Single-order latency: POST /api/orders → the order's instance completed, one order at a time on an idle app,
 * beside the direct baseline (direct-order.ts) running one order's work in sequence. Between orders both wait
 * longer than the workers' pause between activations (so every worker is waiting for work again, and the
 * previous order's background work, outbox relay and stage events, is done), as orders placed by people arrive.
 * The app's moment of completion is the engine's event for the instance (after its last task wrote the row;
 * nothing polls the app); every order is checked to be `completed` in the database afterwards. Each side is
 * started and warmed up once, then measured in repetitions that alternate with the other's.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_POLL_INTERVAL_MS } from '../workers/start-workers';
import { BENCH_ORDER, expectAllCompleted, openDirectOrders, startOrderApp } from './order-app';
import { type BenchRow, summarize } from './stats';

const WARM_UP_ORDERS = 10;
const IDLE_GAP_MS = DEFAULT_POLL_INTERVAL_MS + 20;

/** The value below which `share` of the samples lie (nearest rank). */
export function percentile(samples: number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}

/** `n` orders one at a time, each `IDLE_GAP_MS` after the last; the milliseconds each took, by `run(id)`. */
async function oneAtATime(n: number, run: () => Promise<{ id: string; ms: number }>) {
  const latencies: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    await sleep(IDLE_GAP_MS);
    const { id, ms } = await run();
    latencies.push(ms);
    ids.push(id);
  }
  return { latencies, ids };
}

export interface LatencySamples {
  /** per repetition, milliseconds per order: POST → instance completed */
  app: number[][];
  /** per repetition, milliseconds per order of the baseline */
  direct: number[][];
  /** for every measured app order: POST → 201 read */
  answered: number[];
  /** for every measured app order: the time its jobs spent activated (OrderApp.jobHeldMs) */
  inJobs: number[];
}

/** Milliseconds per order of the app (POST → instance completed) and of the direct baseline, `reps` × `n`. */
export async function latencySamples(n: number, reps: number): Promise<LatencySamples> {
  const app = await startOrderApp();
  const direct = await openDirectOrders();
  try {
    const answered: number[] = [];
    const inJobs: number[] = [];
    const appOrder = async () => {
      const count = app.completedCount();
      const held = app.jobHeldMs();
      const sent = performance.now();
      const id = await app.post();
      answered.push(performance.now() - sent);
      const ms = (await app.completion(count + 1)) - sent;
      inJobs.push(app.jobHeldMs() - held);
      return { id, ms };
    };
    const directOrder = async () => {
      const id = `order-${randomUUID()}`;
      const started = performance.now();
      await direct.orders.place(BENCH_ORDER, id);
      return { id, ms: performance.now() - started };
    };
    await oneAtATime(WARM_UP_ORDERS, appOrder);
    await oneAtATime(WARM_UP_ORDERS, directOrder);
    answered.length = 0;
    inJobs.length = 0;
    const samples = { app: [] as number[][], direct: [] as number[][], answered, inJobs };
    for (let i = 0; i < reps; i++) {
      app.freshConnections();
      const a = await oneAtATime(n, appOrder);
      await expectAllCompleted(app.db, a.ids, 'the app');
      samples.app.push(a.latencies);
      const d = await oneAtATime(n, directOrder);
      await expectAllCompleted(direct.db, d.ids, 'the direct baseline');
      samples.direct.push(d.latencies);
    }
    return samples;
  } finally {
    await Promise.all([app.close(), direct.close()]);
  }
}

/** The `latency` row of `npm run bench`: the p50 of each repetition; p90 and p99 over all of them in the note. */
export async function latencyRow(n: number, reps: number): Promise<BenchRow> {
  const samples = await latencySamples(n, reps);
  const app = summarize(samples.app.map((run) => percentile(run, 0.5)));
  const direct = summarize(samples.direct.map((run) => percentile(run, 0.5)));
  const tail = (runs: number[][]) =>
    `p90 ${percentile(runs.flat(), 0.9).toFixed(1)} ms, p99 ${percentile(runs.flat(), 0.99).toFixed(1)} ms`;
  return {
    name: `single-order latency: p50 POST → completed, ${n} orders one at a time`,
    unit: 'ms',
    ours: app,
    baseline: { name: 'the same handlers and SQL called directly', summary: direct },
    ratio: { label: 'app ÷ direct', value: app.median / direct.median, target: 3, higherIsBetter: false },
    note:
      `p50 of each repetition; over all ${reps * n} orders the app ${tail(samples.app)}, direct ${tail(samples.direct)}. ` +
      `The app as the overhead row runs it; each order is sent ${IDLE_GAP_MS} ms after the previous one completed ` +
      `(longer than the workers' pause between activations: an idle app), after ${WARM_UP_ORDERS} orders of warm-up; ` +
      "its time runs from sending the POST to the engine's event that the instance completed (after the last task " +
      "wrote the row; nothing polls the app). Direct: the overhead row's baseline, one order at a time with the same pauses; the repetitions alternate. " +
      `Where the app's time goes (medians per order): POST → 201 ${percentile(samples.answered, 0.5).toFixed(1)} ms; ` +
      `its 6 jobs held by the workers (from the engine's activation to their completion applied: gRPC both ways, the ` +
      `SDK, runJob and the handlers' SQL) ${percentile(samples.inJobs, 0.5).toFixed(1)} ms in all`,
  };
}
