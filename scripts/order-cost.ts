/**
 * Where one order's cost goes, counted rather than timed (the machine is shared): the app as `npm start` runs it
 * (embedded engine, workers in process, PGlite in memory here), its Database wrapped in a counting proxy and
 * the gateway's gRPC calls counted by method. Prints statements and transactions per finished order, gRPC calls
 * per order by method, CPU ms per order (process.cpuUsage over the run) and bytes allocated per order (v8's
 * GC profile: what each collection found plus what is left at the end), then the p50/p90 of POST → finished
 * for orders sent one at a time on the idle app.
 *
 *   npx tsx scripts/order-cost.ts [orders=500] [concurrency=10] [latencyOrders=30]
 *   npx tsx scripts/order-cost.ts 500 10 0 --profile=/tmp/load.cpuprofile --heap-profile=/tmp/load.heapprofile --statements
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { countingDatabase } from '../bench/counting-database';
import { startBaton } from '../src/boot/start-baton';
import { loadConfig } from '../src/config';
import type { Database } from '../src/data/database';
import { migrate } from '../src/data/migrate';
import { openPgliteDatabase } from '../src/data/pglite-database';

const args = process.argv.slice(2);
/** `--statements`: also list each SQL statement's count per order */
const byStatement = args.includes('--statements');
/** `--profile=file.cpuprofile`: a CPU profile of the load phase alone (open it in Chrome's DevTools) */
const profileFile = args.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
/** `--heap-profile=file.heapprofile`: where the load phase allocates, sampled (DevTools' Memory tab opens it) */
const heapProfileFile = args.find((a) => a.startsWith('--heap-profile='))?.slice('--heap-profile='.length);
const [orders = 500, concurrency = 10, latencyOrders = 30] = args.filter((a) => !a.startsWith('--')).map(Number);
const API_KEY = 'order-cost-api-key-0123456789';

const counts = { statements: 0, transactions: 0, grpc: new Map<string, number>(), sql: new Map<string, number>() };

function countStatement(sql: string) {
  counts.statements++;
  if (!byStatement) return;
  const text = sql.replace(/\s+/g, ' ').trim().slice(0, 110);
  counts.sql.set(text, (counts.sql.get(text) ?? 0) + 1);
}

/** The database with every statement and transaction counted (statements inside a transaction included). */
const countingDb = (inner: Database) =>
  countingDatabase(inner, {
    statement: countStatement,
    transaction: () => {
      counts.transactions++;
    },
  });

/**
 * Counts every gRPC call the gateway serves, by method (the workers' ActivateJobs, CompleteJob, stream opens):
 * the server's handlers are wrapped as they are added (the SDK's client methods are bound at grpc-js's load).
 */
function countGrpcCalls() {
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (this: grpc.Server, service, implementation) {
    const counted: grpc.UntypedServiceImplementation = {};
    for (const [name, handler] of Object.entries(implementation)) {
      counted[name] = function (this: unknown, ...args: unknown[]) {
        counts.grpc.set(name, (counts.grpc.get(name) ?? 0) + 1);
        return (handler as (...a: unknown[]) => unknown).apply(this, args);
      } as grpc.UntypedHandleCall;
    }
    return addService.call(this, service, counted);
  };
}

/** Bytes allocated while fn runs: each GC's heap before it minus the heap after the one before, plus the rest. */
async function allocatedDuring(fn: () => Promise<void>): Promise<number> {
  const profiler = new v8.GCProfiler();
  const startUsed = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  await fn();
  const endUsed = v8.getHeapStatistics().used_heap_size;
  const profile = profiler.stop() as unknown as {
    statistics: {
      beforeGC: { heapStatistics: { usedHeapSize: number } };
      afterGC: { heapStatistics: { usedHeapSize: number } };
    }[];
  };
  let allocated = 0;
  let last = startUsed;
  for (const gc of profile.statistics) {
    allocated += gc.beforeGC.heapStatistics.usedHeapSize - last;
    last = gc.afterGC.heapStatistics.usedHeapSize;
  }
  return allocated + endUsed - last;
}

/** The bench's order (no orderId: the API generates one, as in bench/rest-api.bench.ts). */
function orderBody() {
  return JSON.stringify({
    customerId: 'customer-1',
    items: [{ sku: 'SKU-MUG', quantity: 1 }],
    amount: 12.5,
    currency: 'EUR',
  });
}

/** Runs fn under the inspector's CPU profiler and/or allocation sampler, when a profile file was asked for. */
async function profiled(fn: () => Promise<void>): Promise<void> {
  if (!profileFile && !heapProfileFile) return fn();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  if (profileFile) {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
  }
  if (heapProfileFile) {
    await post('HeapProfiler.enable');
    // every allocation sampled, not only what is still alive at the end
    await post('HeapProfiler.startSampling', {
      samplingInterval: 16384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  try {
    await fn();
  } finally {
    if (profileFile) {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      writeFileSync(profileFile, JSON.stringify(profile));
    }
    if (heapProfileFile) {
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: object };
      writeFileSync(heapProfileFile, JSON.stringify(profile));
    }
    session.disconnect();
  }
}

async function main() {
  countGrpcCalls();
  const raw = await openPgliteDatabase();
  await migrate(raw);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-order-cost-'));
  const baton = await startBaton({
    config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', API_KEY, ORDER_BACKLOG_LIMIT: '0' }),
    logger: pino({ level: 'silent' }),
    host: '127.0.0.1',
    apiPort: 0,
    grpcPort: 0,
    restPort: 0,
    openDatabase: async () => countingDb(raw),
  });
  const plenty = 2_000_000_000;
  await raw.query('UPDATE inventory SET available = $1', [plenty]);
  await raw.query('UPDATE payment_accounts SET balance_minor = $1', [plenty]);
  await raw.query('UPDATE carriers SET free_slots = $1', [plenty]);

  let next = 0;
  /** Places an order; answers its generated id. */
  const post = async (): Promise<string> => {
    const res = await fetch(`${baton.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: orderBody(),
    });
    if (res.status !== 201) throw new Error(`POST /api/orders: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  // the phases run one after the other, so every unfinished order belongs to the current one
  const count = async (where: string, params: unknown[] = []) =>
    (await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE ${where}`, params)).rows[0].n;
  const unfinished = () => count(`status = 'in_progress'`);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  // warm-up: the first orders compile code paths and open connections
  await Promise.all(Array.from({ length: 20 }, () => post()));
  while ((await unfinished()) > 0) await sleep(20);

  const warmFailed = await count(`status <> 'completed'`);
  // the load: `orders` orders, `concurrency` at a time, until all are finished
  counts.statements = 0;
  counts.transactions = 0;
  counts.grpc.clear();
  counts.sql.clear();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const allocated = await allocatedDuring(() =>
    profiled(async () => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < orders) await post();
      }),
    );
    while ((await unfinished()) > 0) await sleep(10);
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const failed = (await count(`status <> 'completed'`)) - warmFailed;
  // the polls above went to the raw database, uncounted

  const row = (name: string, value: number, digits = 2) => console.log(`${name.padEnd(34)} ${value.toFixed(digits)}`);
  console.log(`orders ${orders} at ${concurrency} concurrent; not completed ${failed}; wall ${wallMs.toFixed(0)} ms`);
  row('statements/order', counts.statements / orders);
  row('transactions/order', counts.transactions / orders);
  const grpcTotal = [...counts.grpc.values()].reduce((a, b) => a + b, 0);
  row('grpc calls/order', grpcTotal / orders);
  for (const [method, n] of [...counts.grpc].sort((a, b) => b[1] - a[1])) row(`  ${method}`, n / orders);
  row('ms CPU/order', (cpu.user + cpu.system) / 1000 / orders);
  row('KB alloc/order', allocated / 1024 / orders, 0);
  row('orders/s', orders / (wallMs / 1000), 1);
  for (const [sql, n] of [...counts.sql].sort((a, b) => b[1] - a[1]))
    console.log(`  ${(n / orders).toFixed(2)}  ${sql}`);

  // latency: one order at a time on the idle app, POST → finished
  const latencies: number[] = [];
  for (let i = 0; i < latencyOrders; i++) {
    const t0 = performance.now();
    const id = await post();
    while ((await count(`id = $1 AND status = 'in_progress'`, [id])) > 0) await sleep(1);
    latencies.push(performance.now() - t0);
    await sleep(20);
  }
  latencies.sort((a, b) => a - b);
  if (latencies.length > 0) row('latency p50 ms (one at a time)', latencies[Math.floor(latencies.length / 2)], 1);
  if (latencies.length > 0) row('latency p90 ms', latencies[Math.floor(latencies.length * 0.9)], 1);

  await baton.close(10_000);
  await raw.close().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
