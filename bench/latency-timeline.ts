/**
 * Where one order's time goes on an idle app (not a bench row): timestamps at each hop of each job, from the
 * engine creating it to the next job's creation, over `ORDERS` orders placed one at a time; prints the median
 * gap per hop. Hooks only observe: the engine's events, fs.fdatasync (the journal's group commit) and the SDK
 * worker's receive and CompleteJob calls.
 *   npx tsx bench/latency-timeline.ts [orders]
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const ORDERS = Number(process.argv[2] ?? 50);
const now = () => performance.now();

const fsyncs: { start: number; end: number }[] = [];
const realFdatasync = fs.fdatasync;
(fs as { fdatasync: unknown }).fdatasync = (fd: number, cb: (err: Error | null) => void) => {
  const entry = { start: now(), end: Number.NaN };
  fsyncs.push(entry);
  realFdatasync(fd, (err) => {
    entry.end = now();
    cb(err);
  });
};
syncBuiltinESMExports();

interface JobMarks {
  type: string;
  created?: number;
  activated?: number;
  received?: number;
  completeSent?: number;
  applied?: number;
  answered?: number;
}
let current: JobMarks[] = [];
const byType = (type: string) => [...current].reverse().find((j) => j.type === type);

async function main() {
  // required after the fs hook, so every module the app loads sees it
  const { ZBWorker } = require('@camunda8/sdk/dist/zeebe/zb/ZBWorker');
  const realHandleJobs = ZBWorker.prototype.handleJobs;
  ZBWorker.prototype.handleJobs = function (jobs: { type: string }[]) {
    for (const job of jobs) {
      const marks = byType(job.type);
      if (marks) marks.received = now();
    }
    return realHandleJobs.call(this, jobs);
  };
  const { ZBWorkerBase } = require('@camunda8/sdk/dist/zeebe/lib/ZBWorkerBase');
  const realComplete = ZBWorkerBase.prototype.completeJob;
  ZBWorkerBase.prototype.completeJob = function (this: { taskType: string }, ...args: unknown[]) {
    const marks = byType(this.taskType);
    if (marks) marks.completeSent = now();
    return realComplete.apply(this, args).then((r: unknown) => {
      if (marks) marks.answered = now();
      return r;
    });
  };
  const { startOrderApp } = await import('./order-app.js');
  const { DEFAULT_POLL_INTERVAL_MS } = await import('../workers/start-workers.js');
  const app = await startOrderApp();
  const orders: { post: number; answered201: number; done: number; jobs: JobMarks[] }[] = [];
  try {
    app.engine.onEngineEvent((event: { kind: string; action?: string; jobType?: string }) => {
      if (event.kind !== 'job') return;
      const { action, jobType } = event as { action: string; jobType: string };
      if (action === 'created') current.push({ type: jobType, created: now() });
      const marks = byType(jobType);
      if (!marks) return;
      if (action === 'activated') marks.activated = now();
      if (action === 'completed') marks.applied = now();
    });
    for (let i = 0; i < ORDERS + 10; i++) {
      await sleep(DEFAULT_POLL_INTERVAL_MS + 20);
      current = [];
      const count = app.completedCount();
      const post = now();
      await app.post();
      const answered201 = now();
      const done = await app.completion(count + 1);
      if (i >= 10) orders.push({ post, answered201, done, jobs: current });
    }
  } finally {
    await app.close();
  }
  report(orders);
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : Number.NaN;
};
/** The end of the first fdatasync that started at or after `t` (the flush that made a record at `t` durable). */
const durableAfter = (t: number) => fsyncs.find((f) => f.start >= t)?.end ?? Number.NaN;

function report(orders: { post: number; answered201: number; done: number; jobs: JobMarks[] }[]) {
  const rows = new Map<string, number[]>();
  const add = (name: string, v: number) => {
    const list = rows.get(name) ?? [];
    list.push(v);
    rows.set(name, list);
  };
  for (const o of orders) {
    add('order: POST → 201', o.answered201 - o.post);
    add('order: POST → completed', o.done - o.post);
    add('order: POST → first job created', (o.jobs[0]?.created ?? Number.NaN) - o.post);
    add('order: last job applied → completed', o.done - (o.jobs.at(-1)?.applied ?? Number.NaN));
    o.jobs.forEach((j, k) => {
      const a = j.activated ?? Number.NaN;
      add('job: created → activated', a - (j.created ?? Number.NaN));
      add('job: activated → activation durable', durableAfter(a) - a);
      add('job: activation durable → SDK received', (j.received ?? Number.NaN) - durableAfter(a));
      add(
        'job: SDK received → CompleteJob sent (runJob + handler)',
        (j.completeSent ?? Number.NaN) - (j.received ?? Number.NaN),
      );
      add('job: CompleteJob sent → applied in engine', (j.applied ?? Number.NaN) - (j.completeSent ?? Number.NaN));
      const ap = j.applied ?? Number.NaN;
      add('job: applied → completion durable', durableAfter(ap) - ap);
      add('job: completion durable → SDK has answer', (j.answered ?? Number.NaN) - durableAfter(ap));
      const at = (t?: number) => (t ?? Number.NaN) - o.post;
      add(`job ${k + 1} (${j.type}): created at`, at(j.created));
      add(`job ${k + 1} (${j.type}): SDK received at`, at(j.received));
      add(`job ${k + 1} (${j.type}): CompleteJob sent at`, at(j.completeSent));
      add(`job ${k + 1} (${j.type}): applied at`, at(j.applied));
      const next = o.jobs[k + 1];
      if (next) add('job: applied → next job created', (next.created ?? Number.NaN) - ap);
      add('job: created → applied (whole job)', ap - (j.created ?? Number.NaN));
    });
  }
  const fsyncMs = fsyncs.map((f) => f.end - f.start);
  add('fdatasync duration', median(fsyncMs));
  console.log(`${orders.length} orders, ${orders[0]?.jobs.length} jobs each; medians (ms):`);
  for (const [name, xs] of rows) console.log(`${median(xs).toFixed(2).padStart(8)}  ${name}`);
  console.log(`fdatasyncs: ${fsyncs.length}, median ${median(fsyncMs).toFixed(2)} ms`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
