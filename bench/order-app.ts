/**
 * What the orchestration-overhead and single-order-latency rows share: the app as `npm start` runs it on a copy
 * of the rest row's provisioned data directory (stock, funds and pickup slots for every order), a keep-alive
 * HTTP client that places orders, the moment each order-fulfilment instance completes (the engine's own events:
 * nothing polls the app, so watching costs it nothing), and the direct baseline on a copy of the same directory.
 */
import { rmSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_ORDER_BACKLOG_LIMIT } from '../src/app/routes/order-admission';
import { type Database, openDatabase } from '../src/data';
import { type DirectOrders, directOrders, type OrderRequest } from './direct-order';
import { API_KEY, copyOfDataDir, startApp } from './rest-api.bench';

type Baton = Awaited<ReturnType<typeof startApp>>;

/** The rest row's order: one mug, 12.50 EUR (the decision picks parcelco). */
export const BENCH_ORDER: OrderRequest = {
  customerId: 'customer-1',
  items: [{ sku: 'SKU-MUG', quantity: 1 }],
  amount: 12.5,
  currency: 'EUR',
};

export interface OrderApp {
  db: Database;
  /** the embedded engine (bench/latency-timeline.ts listens to its events) */
  engine: NonNullable<Baton['engine']>;
  /** POSTs BENCH_ORDER; resolves with the order's id once the 201 is read (placed again after a 503) */
  post(): Promise<string>;
  /** 503s answered so far (each order was placed again after Retry-After) */
  refusedCount(): number;
  /**
   * Closes the client's idle keep-alive connections: after a pause longer than the server's keep-alive timeout
   * a reused one may be reset as it is written to, so each run starts on new ones.
   */
  freshConnections(): void;
  /** resolves with performance.now() of the moment the `count`-th instance (since start) completed */
  completion(count: number, timeoutMs?: number): Promise<number>;
  /** instances completed since start */
  completedCount(): number;
  /**
   * Milliseconds jobs spent activated so far, summed over every job completed since start: from the engine's
   * activation (the job on its way to a worker) to its completion applied (the worker's handler ran and its
   * CompleteJob came back). Paired first in, first out per job type, which gives the exact sum in any order.
   */
  jobHeldMs(): number;
  close(): Promise<void>;
}

/**
 * The whole stack with the default admission bound (as `npm start` has it), journaled engine, PGlite on disk,
 * the workers in the same process. An instance completes after its last task, so its order row is `completed`
 * by then (callers check the rows). `env`: other settings.
 */
export async function startOrderApp(env: Record<string, string> = {}): Promise<OrderApp> {
  const dataDir = await copyOfDataDir();
  const baton = await startApp(dataDir, {}, { ORDER_BACKLOG_LIMIT: String(DEFAULT_ORDER_BACKLOG_LIMIT), ...env });
  const engine = baton.engine;
  if (!engine) throw new Error('the bench needs the embedded engine');
  const completedAt: number[] = [];
  const waiters = new Map<number, (at: number) => void>();
  const activatedAt = new Map<string, number[]>();
  let jobHeldMs = 0;
  const stopListening = engine.onEngineEvent((event) => {
    if (event.kind === 'job' && (event.action === 'activated' || event.action === 'completed')) {
      const queue = activatedAt.get(event.jobType) ?? [];
      activatedAt.set(event.jobType, queue);
      if (event.action === 'activated') queue.push(performance.now());
      else jobHeldMs += performance.now() - (queue.shift() ?? Number.NaN);
      return;
    }
    if (event.kind !== 'element' || event.action !== 'completed') return;
    if (event.elementType !== 'PROCESS' || !event.rootProcess) return;
    const at = performance.now();
    completedAt.push(at);
    waiters.get(completedAt.length)?.(at);
    waiters.delete(completedAt.length);
  });
  const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 16 });
  let agent = newAgent();
  const body = JSON.stringify(BENCH_ORDER);
  const url = new URL('/api/orders', baton.url);
  let refused = 0;
  return {
    db: baton.db,
    engine,
    async post() {
      // a refused order (503, the admission bound) is placed again after Retry-After, as a client would
      for (let attempt = 1; ; attempt++) {
        const answer = await postOnce(agent, url, body);
        if (answer.status === 201) return (JSON.parse(answer.text) as { id: string }).id;
        if (answer.status !== 503 || attempt === MAX_ATTEMPTS) {
          throw new Error(`POST /api/orders: ${answer.status} ${answer.text}`);
        }
        refused += 1;
        await sleep(1000 * (Number(answer.retryAfter) || 1));
      }
    },
    refusedCount: () => refused,
    completion(count, timeoutMs = 60_000) {
      if (completedAt.length >= count) return Promise.resolve(completedAt[count - 1]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${completedAt.length} of ${count} orders completed within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.set(count, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    freshConnections() {
      agent.destroy();
      agent = newAgent();
    },
    completedCount: () => completedAt.length,
    jobHeldMs: () => jobHeldMs,
    async close() {
      stopListening();
      agent.destroy();
      try {
        await baton.close(10_000);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

const MAX_ATTEMPTS = 60;

function postOnce(
  agent: http.Agent,
  url: URL,
  body: string,
): Promise<{ status?: number; text: string; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${API_KEY}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            text: Buffer.concat(chunks).toString(),
            retryAfter: res.headers['retry-after'],
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The direct baseline on its own copy of the same data directory (PGlite on disk, as the app has it). */
export async function openDirectOrders(): Promise<{ db: Database; orders: DirectOrders; close(): Promise<void> }> {
  const dataDir = await copyOfDataDir();
  const db = await openDatabase({ dataDir });
  return {
    db,
    orders: await directOrders(db),
    async close() {
      try {
        await db.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs `task(i)` for i in 0…n-1 with at most `inFlight` at a time (each of `inFlight` lanes takes the next). */
export async function inLanes(n: number, inFlight: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, lane));
}

/** How many of these orders have each status. */
export async function statusCounts(db: Database, ids: string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM orders WHERE id = ANY($1::text[]) GROUP BY status',
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Throws unless every one of `ids` is `completed`. */
export async function expectAllCompleted(db: Database, ids: string[], what: string): Promise<void> {
  const counts = await statusCounts(db, ids);
  if (counts.completed !== ids.length) {
    throw new Error(`${what}: of ${ids.length} orders, ${JSON.stringify(counts)}`);
  }
}
