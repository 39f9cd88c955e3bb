/**
 * Worker scale-out (issue 26): on PostgreSQL (the throwaway server the tests start from Debian's binaries),
 * `npm start`'s bundle as BATON_ROLE=api (API, outbox relay and the embedded engine; no workers) and one or two
 * BATON_ROLE=workers processes. Each measurement places a fixed backlog of orders while no worker runs, then
 * starts the worker processes and times, from the moment all of them are running, until no order is
 * unfinished: completed orders per second. The CPU each process used meanwhile (/proc/<pid>/stat) says where a
 * missed target went.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, openDatabase } from '../src/data';
import type { StartedChild } from '../test/support/child-process';
import { freePort } from '../test/support/free-port';
import { ownPostgresDatabase } from '../test/support/postgres-database';
import { ensureBundleBuilt, printed, startRole, stopChild } from '../test/support/role-process';
import { orderCounts } from './order-counts';
import { API_KEY, ORDER, provisionForFlood } from './rest-api.bench';
import { type BenchRow, type Summary, summarize } from './stats';

const PLACING_CONNECTIONS = 10;
const DRAIN_TIMEOUT_MS = 300_000;

export interface ScaleOutCluster {
  /** the api process's base URL */
  url: string;
  grpcAddress: string;
  databaseUrl: string;
  /** the app's database, as the bench reads it */
  db: Database;
  api: StartedChild;
  dataDir: string;
}

/** PostgreSQL, the api process on it (no admission bound: the backlog is placed on purpose) and `use` of them. */
export async function withScaleOutCluster<T>(use: (cluster: ScaleOutCluster) => Promise<T>): Promise<T> {
  await ensureBundleBuilt();
  const pg = await ownPostgresDatabase('baton_bench_scale_out');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-bench-scale-out-'));
  const [port, grpcPort] = [await freePort(), await freePort()];
  const api = startRole('api', {
    DATABASE_URL: pg.url,
    DATA_DIR: path.join(dataDir, 'api'),
    PORT: String(port),
    ZEEBE_GATEWAY_PORT: String(grpcPort),
    ZEEBE_REST_PORT: '0',
    API_KEY,
    ORDER_BACKLOG_LIMIT: '0',
  });
  let db: Database | undefined;
  try {
    await printed(api, 'Baton is running', 120_000);
    db = await openDatabase({ databaseUrl: pg.url, migrate: false });
    await provisionForFlood(db);
    return await use({
      url: `http://127.0.0.1:${port}`,
      grpcAddress: `grpc://127.0.0.1:${grpcPort}`,
      databaseUrl: pg.url,
      db,
      api,
      dataDir,
    });
  } finally {
    await stopChild(api);
    await db?.close();
    await pg.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Places the orders `ids` through the API, PLACING_CONNECTIONS at a time; each must be answered 201. */
async function placeOrders(url: string, ids: string[]): Promise<void> {
  const queue = [...ids];
  const place = async () => {
    for (let orderId = queue.shift(); orderId; orderId = queue.shift()) {
      const res = await fetch(`${url}/api/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...JSON.parse(ORDER), orderId }),
      });
      if (res.status !== 201) throw new Error(`placing ${orderId}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: PLACING_CONNECTIONS }, place));
}

/** /proc/<pid>/stat after pid and comm (state first), or undefined once the process is gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the process has used so far; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after pid and comm; in ticks of USER_HZ, 100 on Linux
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : 0;
}

/**
 * The throwaway PostgreSQL server's processes (postmaster and its children) when this process started it
 * (test/support/postgres-server.ts names its directory), else none.
 */
function postgresPids(): number[] {
  const dir = process.env.BATON_TEST_PG_DIR;
  if (!dir) return [];
  const postmaster = Number(readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => Number(statFields(pid)?.[1]) === postmaster);
  return [postmaster, ...children];
}

/** Busy and total CPU time of the whole machine so far (/proc/stat), in clock ticks. */
function machineTicks(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const total = ticks.reduce((sum, n) => sum + n, 0);
  return { busy: total - ticks[3] - ticks[4], total }; // idle and iowait
}

export interface ScaleOutRun {
  workerProcesses: number;
  /** the orders placed before the workers started, by id */
  orderIds: string[];
  /** completed orders per second, from all worker processes running until none unfinished */
  perSecond: number;
  /** share of one core each process used meanwhile: the api process first, then each worker process */
  cpuShares: number[];
  /** share of one core the PostgreSQL server's processes used meanwhile (0 when the bench did not start it) */
  postgresShare: number;
  /** share of the machine's CPU time that was busy meanwhile (every process: PostgreSQL, other load) */
  machineBusy: number;
}

let batches = 0;

/** Places `orders` with no worker running, then times `workerProcesses` worker processes draining them. */
export async function drainBacklog(
  cluster: ScaleOutCluster,
  orders: number,
  workerProcesses: number,
): Promise<ScaleOutRun> {
  const batch = ++batches;
  const orderIds = Array.from({ length: orders }, (_, i) => `scale-out-${process.pid}-${batch}-${i}`);
  await placeOrders(cluster.url, orderIds);
  const workers = Array.from({ length: workerProcesses }, (_, i) =>
    startRole('workers', {
      DATABASE_URL: cluster.databaseUrl,
      DATA_DIR: path.join(cluster.dataDir, `workers-${batch}-${i}`),
      ZEEBE_GRPC_ADDRESS: cluster.grpcAddress,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
    }),
  );
  try {
    await Promise.all(workers.map((w) => printed(w, 'Baton workers are running')));
    const pids = [cluster.api, ...workers].map((c) => c.child.pid as number);
    const cpuBefore = pids.map(cpuSeconds);
    const postgresBefore = new Map(postgresPids().map((pid) => [pid, cpuSeconds(pid)]));
    const machineBefore = machineTicks();
    const started = Date.now();
    const backlog = (await orderCounts(cluster.db)).unfinished;
    const deadline = started + DRAIN_TIMEOUT_MS;
    while ((await orderCounts(cluster.db)).unfinished > 0) {
      if (Date.now() > deadline) throw new Error(`orders still unfinished after ${DRAIN_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (Date.now() - started) / 1000;
    const machineAfter = machineTicks();
    return {
      workerProcesses,
      orderIds,
      perSecond: backlog / seconds,
      cpuShares: pids.map((pid, i) => (cpuSeconds(pid) - cpuBefore[i]) / seconds),
      // a backend that ended meanwhile is left out; one that began counts from its start
      postgresShare:
        postgresPids().reduce((sum, pid) => sum + cpuSeconds(pid) - (postgresBefore.get(pid) ?? 0), 0) / seconds,
      machineBusy: (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total),
    };
  } finally {
    await Promise.all(workers.map((w) => stopChild(w)));
  }
}

const percent = (shares: number[]) => shares.map((s) => `${(s * 100).toFixed(0)} %`).join(' + ');
const cpu = (run: ScaleOutRun) =>
  `${percent(run.cpuShares)} (PostgreSQL ${percent([run.postgresShare])}) of one core, the machine ` +
  `${(run.machineBusy * 100).toFixed(0)} % busy`;

/**
 * What the CPU each order costs allows: the worker process of a one-worker run bounds it at one core's worth,
 * and api + worker + PostgreSQL together at all the machine's cores' worth, whatever the number of workers.
 */
function cpuBounds(run: ScaleOutRun): string {
  const [api, worker] = run.cpuShares.map((share) => (share * 1000) / run.perSecond);
  const postgres = (run.postgresShare * 1000) / run.perSecond;
  const cores = os.availableParallelism();
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return (
    `CPU per order (one-worker run): api ${ms(api)}, worker ${ms(worker)}, PostgreSQL ${ms(postgres)}; so one ` +
    `worker process can finish at most ${(1000 / worker).toFixed(0)} orders/s (a core of its own) and ${cores} ` +
    `cores at most ${((cores * 1000) / (api + worker + postgres)).toFixed(0)} orders/s with any number of them`
  );
}

/** The `scaleout` row: `reps` times a backlog of `orders` drained by one worker process, then by two. */
export async function scaleOutRow(orders: number, reps: number): Promise<BenchRow> {
  const [one, two]: ScaleOutRun[][] = [[], []];
  await withScaleOutCluster(async (cluster) => {
    // the api process's first orders and jobs run cold: not in the first measured run, which has one worker
    await drainBacklog(cluster, Math.ceil(orders / 10), 1);
    for (let i = 0; i < reps; i++) {
      one.push(await drainBacklog(cluster, orders, 1));
      two.push(await drainBacklog(cluster, orders, 2));
    }
  });
  const o = summarize(one.map((r) => r.perSecond));
  const t = summarize(two.map((r) => r.perSecond));
  const medianRun = (runs: ScaleOutRun[], s: Summary) => runs.find((r) => r.perSecond === s.median) as ScaleOutRun;
  return {
    name: `worker scale-out on PostgreSQL: a backlog of ${orders} orders drained by two worker processes`,
    unit: 'orders/s',
    ours: t,
    baseline: { name: 'one worker process', summary: o },
    ratio: { label: 'two ÷ one', value: t.median / o.median, target: 1.4, higherIsBetter: true },
    note:
      "`npm start`'s bundle as BATON_ROLE=api (API, outbox relay, embedded journaled engine) and BATON_ROLE=workers " +
      `processes on one PostgreSQL (fsync off), ${os.availableParallelism()} cores; each run places its ${orders} ` +
      'orders while no worker runs (after one warm-up run of a tenth of that), then times from every worker process ' +
      'running (each run starts its own) until none is unfinished: the orders a worker took while the other one was ' +
      'still starting are left out. CPU ' +
      `meanwhile (api + workers, median runs): one worker process ${cpu(medianRun(one, o))}; two ` +
      `${cpu(medianRun(two, t))}. ${cpuBounds(medianRun(one, o))}`,
  };
}
