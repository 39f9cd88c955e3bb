/**
 * Sustained flood with admission control on (issue 26): `POST /api/orders` at 10 connections for a while on
 * the app as `npm start` runs it (bench/flood-child.ts, its own process so its RSS is the app's), with the
 * default ORDER_BACKLOG_LIMIT and ORDER_BACKLOG_SECONDS. The 201s (accepted) and 503s (refused, as admission
 * control means to) are counted apart; 5 s after the flood, how many of the accepted orders completed. The claim: the app accepts
 * hardly more than it can finish, and its memory comes back once the backlog has drained.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ORDER_BACKLOG_LIMIT, DEFAULT_ORDER_BACKLOG_SECONDS } from '../src/app/routes/order-admission';
import type { FloodChildMessage, Memory } from './flood-child';
import { API_KEY, copyOfDataDir, floodOrders, ORDER, WARM_UP_SECONDS } from './rest-api.bench';
import { type BenchRow, type Summary, summarize } from './stats';

/** what the flood gives the workers after its end to finish what was accepted */
export const GRACE_SECONDS = 5;
const DRAIN_TIMEOUT_MS = 120_000;

export interface FloodCounts {
  /** 201s */
  accepted: number;
  /** 503s: admission control refusing, not errors here */
  refused: number;
  seconds: number;
}

/**
 * `POST /api/orders` at 10 connections for `seconds`, counting 201s and 503s apart. Any other answer, a
 * connection error or a timeout beyond 1 % of the requests fails the run.
 */
export async function floodCounts(url: string, seconds: number): Promise<FloodCounts> {
  const result = await floodOrders(url, seconds);
  const count = (status: number) => result.statusCodeStats[String(status)]?.count ?? 0;
  const [accepted, refused] = [count(201), count(503)];
  const other = result['2xx'] + result.non2xx - accepted - refused;
  const total = accepted + refused + other + result.errors;
  if (total === 0 || other + result.errors > total / 100) {
    const statuses = JSON.stringify(result.statusCodeStats);
    throw new Error(`${url}: answers by status ${statuses}, ${result.errors} errors (${result.timeouts} timeouts)`);
  }
  return { accepted, refused, seconds: result.duration };
}

export interface FloodRun extends FloodCounts {
  /**
   * the order rows the flood added: the 201s plus any request the app took on while autocannon stopped
   * (it leaves the answers of its last requests uncounted)
   */
  acceptedRows: number;
  /** of the accepted, how many had completed GRACE_SECONDS after the flood */
  completedByGrace: number;
  /** the app's memory with no order unfinished, before the flood and after its backlog drained */
  before: Memory;
  after: Memory;
  /** the same right after those readings and a full GC */
  collectedBefore: Memory;
  collectedAfter: Memory;
  /** the most unfinished orders seen during the flood (read every second) */
  peakBacklog: number;
  /** from the flood's end until no order was unfinished */
  drainSeconds: number;
}

type Reading = Extract<FloodChildMessage, { type: 'reading' }>;
type Collected = Extract<FloodChildMessage, { type: 'collected' }>;

/** The app in its child process, and its answers to 'read'. */
class FloodApp {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static start(dataDir: string): Promise<FloodApp> {
    const child = fork(path.join(__dirname, 'flood-child.ts'), [dataDir], {
      cwd: path.join(__dirname, '..'),
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the flood's app exited with ${code} before it was ready`)));
      child.once('message', (message: FloodChildMessage) => {
        child.removeAllListeners('exit');
        if (message.type === 'ready') resolve(new FloodApp(child, message.url));
      });
    });
  }

  read(): Promise<Reading> {
    return this.ask('read');
  }

  /** RSS and used heap after a full GC. */
  collected(): Promise<Collected> {
    return this.ask('collect');
  }

  private ask<T extends FloodChildMessage>(type: 'read' | 'collect'): Promise<T> {
    return new Promise((resolve) => {
      this.child.once('message', (message: FloodChildMessage) => resolve(message as T));
      this.child.send({ type });
    });
  }

  /** Reads until no order is unfinished; fails after DRAIN_TIMEOUT_MS. */
  async drained(): Promise<Reading> {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const reading = await this.read();
      if (reading.unfinished === 0) return reading;
      if (Date.now() > deadline) throw new Error(`${reading.unfinished} orders still unfinished after the flood`);
      await sleep(100);
    }
  }

  /** The most unfinished orders seen, reading every second until `done` settles. */
  async peakBacklogWhile(done: Promise<unknown>): Promise<number> {
    let settled = false;
    done.then(
      () => (settled = true),
      () => (settled = true),
    );
    let peak = 0;
    while (!settled) {
      peak = Math.max(peak, (await this.read()).unfinished);
      await sleep(1000);
    }
    return peak;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'close' });
    });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function placeOne(url: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: ORDER,
  });
  if (res.status !== 201) throw new Error(`${url}: ${res.status} ${await res.text()}`);
}

/** One flood of `seconds` on the app, from a drained backlog until its own has drained. */
async function floodRun(app: FloodApp, seconds: number): Promise<FloodRun> {
  const url = `${app.url}/api/orders`;
  const before = await app.drained();
  const collectedBefore = await app.collected();
  const flooding = floodCounts(url, seconds);
  const peakBacklog = await app.peakBacklogWhile(flooding);
  const counts = await flooding;
  const ended = Date.now();
  await sleep(GRACE_SECONDS * 1000);
  const atGrace = await app.read();
  const after = await app.drained();
  const collectedAfter = await app.collected();
  return {
    ...counts,
    acceptedRows: atGrace.total - before.total,
    completedByGrace: atGrace.completed - before.completed,
    peakBacklog,
    before,
    after,
    collectedBefore,
    collectedAfter,
    drainSeconds: (Date.now() - ended) / 1000,
  };
}

export interface FloodRuns {
  runs: FloodRun[];
  /** the app's RSS after a WARM_UP_SECONDS flood and after the full-length warm-up flood, each drained */
  coldRss: number;
  warmRss: number;
}

/**
 * A full-length warm-up flood, then `reps` floods of `seconds`, in one app process on a fresh copy of the
 * flood's data directory. The warm-up flood takes the process to its working size under a flood (V8's heap
 * grown to its high-water mark, pages it keeps committed); each measured flood then starts from the drained
 * state the one before left, so what a flood leaves behind shows as growth.
 */
async function floodsInOneApp(seconds: number, reps: number): Promise<FloodRuns> {
  const dataDir = await copyOfDataDir();
  const app = await FloodApp.start(dataDir);
  try {
    const url = `${app.url}/api/orders`;
    // one order first: on a busy machine the fresh process may not answer within the warm-up's second
    await placeOne(url);
    await floodCounts(url, WARM_UP_SECONDS);
    const coldRss = (await app.drained()).rss;
    await floodCounts(url, seconds);
    const warmRss = (await app.drained()).rss;
    const runs: FloodRun[] = [];
    for (let i = 0; i < reps; i++) runs.push(await floodRun(app, seconds));
    return { runs, coldRss, warmRss };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const pending = new Map<string, Promise<FloodRuns>>();

/** The floods, once per process: the `flood` row and the `flood-rss` row read the same runs. */
export function floodRuns(seconds: number, reps: number): Promise<FloodRuns> {
  const key = `${seconds}×${reps}`;
  let runs = pending.get(key);
  if (!runs) {
    runs = floodsInOneApp(seconds, reps);
    pending.set(key, runs);
  }
  return runs;
}

const MIB = 2 ** 20;
const ratios = (runs: FloodRun[], of: (run: FloodRun) => number) => summarize(runs.map(of));

/** The `flood` row (accepted ÷ completed) and the `flood-rss` row (RSS after ÷ before) of the same runs. */
export async function floodRows(seconds: number, reps: number): Promise<{ flood: BenchRow; rss: BenchRow }> {
  const { runs: done, coldRss, warmRss } = await floodRuns(seconds, reps);
  const perSecond = (n: (run: FloodRun) => number) => ratios(done, (r) => n(r) / r.seconds);
  const accepted = perSecond((r) => r.acceptedRows);
  const completed = perSecond((r) => r.completedByGrace);
  const shares = ratios(done, (r) => r.acceptedRows / r.completedByGrace);
  const refused = perSecond((r) => r.refused);
  const drain = ratios(done, (r) => r.drainSeconds);
  const peak = ratios(done, (r) => r.peakBacklog);
  const range = (s: Summary, digits = 0) => [s.min, s.median, s.max].map((v) => v.toFixed(digits)).join(' / ');
  const flood: BenchRow = {
    name: `sustained flood with admission control: POST /api/orders, autocannon 10 connections × ${seconds} s`,
    unit: 'orders/s',
    ours: accepted,
    baseline: { name: `completed by the end + ${GRACE_SECONDS} s`, summary: completed },
    ratio: { label: 'accepted ÷ completed', value: shares.median, target: 1.1, higherIsBetter: false },
    note:
      'the app as `npm start` runs it (journaled engine, PGlite on disk, every worker in process) in a child ' +
      `process, ORDER_BACKLOG_LIMIT and ORDER_BACKLOG_SECONDS unset (their defaults: ${DEFAULT_ORDER_BACKLOG_LIMIT} ` +
      `unfinished orders, ${DEFAULT_ORDER_BACKLOG_SECONDS} s of work at the rate the workers finished orders lately); ` +
      `accepted: the order rows the flood added (the 201s); refused with 503: ${range(refused)} req/s ` +
      `(min / median / max; expected, not errors); unfinished orders peaked at ${range(peak)} during the flood. ` +
      `The ratio is the median of each run's accepted ÷ completed (${range(shares, 2)}); the backlog had ` +
      `drained ${range(drain, 1)} s after the flood's end`,
  };
  const grown = ratios(done, (r) => r.after.rss / r.before.rss);
  const mib = (of: (run: FloodRun) => number) => ratios(done, (r) => of(r) / MIB);
  /** one memory figure before and after, min / median / max MiB */
  const figure = (label: string, of: (m: Memory) => number, collected = false) =>
    `${label} ${range(mib((r) => of(collected ? r.collectedBefore : r.before)))} → ` +
    `${range(mib((r) => of(collected ? r.collectedAfter : r.after)))} MiB`;
  const rss: BenchRow = {
    name: `sustained flood (${seconds} s): the app's RSS once the backlog drained`,
    unit: 'MiB',
    ours: mib((r) => r.after.rss),
    baseline: { name: 'RSS before the flood (after a warm-up flood)', summary: mib((r) => r.before.rss) },
    ratio: { label: 'after ÷ before', value: grown.median, target: 1.2, higherIsBetter: false },
    note:
      `the flood row's runs, one app process: the child's own RSS (no forced GC) with no order unfinished, ` +
      `before each flood and once its backlog drained; before the first, a ${seconds} s warm-up flood took the ` +
      `process to its working size: RSS ${(coldRss / MIB).toFixed(0)} MiB after a ${WARM_UP_SECONDS} s warm-up, ` +
      `${(warmRss / MIB).toFixed(0)} MiB after the warm-up flood (a first flood grows V8's heap to its high-water ` +
      `mark, whose pages V8 keeps, and leaves garbage no GC has collected yet; later floods of the same size ` +
      `reuse them). The ratio is the median of each flood's after ÷ before (${range(grown, 2)}). ` +
      `Before → after (min / median / max): ${figure('JS heap committed', (m) => m.heapTotal)}, ` +
      `${figure('used', (m) => m.heapUsed)}; ${figure('outside it (external: buffers, WebAssembly memories ' + "such as PGlite's Postgres)", (m) => m.external)}; ${figure('anonymous memory (JS heap, WebAssembly, malloc)', (m) => m.anonymous)}; ` +
      `after a full GC right after each reading: ${figure('used JS heap', (m) => m.heapUsed, true)} (what the ` +
      `flood left alive: ENGINE_HISTORY_LIMIT keeps the newest ended instances), ` +
      `${figure('RSS', (m) => m.rss, true)}; a forced GC in one flood's reading only lowers the next's before`,
  };
  return { flood, rss };
}
