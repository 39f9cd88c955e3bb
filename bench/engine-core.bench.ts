/**
 * Engine core vs bpmn-engine: the same order model (four service tasks, one exclusive gateway) run in-process
 * N times, service tasks completed by in-process handlers, one instance after the other. bpmn-engine gets its
 * best case: the model is parsed and serialized once and every Engine reuses that context, with a silent
 * Logger and no execute callback (see `bpmnEngine`). `engineCoreSamples` runs each repetition of both in a
 * child process of its own with a larger young generation (see engine-core-child.ts), one per core at a time.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import * as elements from 'bpmn-elements';
import { Engine as BpmnEngine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import pino from 'pino';
import { createEngine, openEngine } from '../src/engine/engine';
import type { EngineApi } from '../src/engine/engine-api';
import { bpmnEngineOrderXml, TASKS, zeebeOrderXml } from './order-model';

/** Our engine with in-process workers on job streams; resolves with completed instances per second. */
export async function runOurs(engine: EngineApi, instances: number): Promise<number> {
  await engine.deploy([{ name: 'order-bench.bpmn', content: zeebeOrderXml }]);
  const closers = TASKS.map((task) =>
    engine.openJobStream({
      type: `bench-${task}`,
      worker: 'bench',
      timeout: 60_000,
      push: (job) => queueMicrotask(() => engine.completeJob(job.key, { [task]: 'done' })),
    }),
  );
  const started = performance.now();
  for (let i = 0; i < instances; i++) {
    const { processInstanceKey } = engine.createProcessInstance({
      bpmnProcessId: 'order-bench',
      variables: { notify: i % 2 === 0 },
    });
    await engine.awaitCompletion(processInstanceKey, 60_000);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const close of closers) close();
  return instances / seconds;
}

export async function oursInMemory(instances: number): Promise<number> {
  const engine = createEngine({ logger: pino({ level: 'silent' }) });
  try {
    return await runOurs(engine, instances);
  } finally {
    engine.close();
  }
}

export async function oursJournaled(instances: number, dataDir: string): Promise<number> {
  const engine = await openEngine({ dataDir, logger: pino({ level: 'silent' }) });
  try {
    return await runOurs(engine, instances);
  } finally {
    engine.close();
  }
}

/** What bpmn-engine logs through: its default (the `debug` package) builds a logger per element and engine. */
const silent = () => {};
const SilentLogger = () => ({ debug: silent, error: silent, warn: silent });

/**
 * bpmn-engine with service-task callbacks; resolves with completed instances per second. Its fastest documented
 * path: one serialized `sourceContext` for every Engine, a `Logger` that drops debug lines, and `execute()`
 * awaited with `waitFor('end')` rather than an execute callback (the callback subscribes three consumers on the
 * engine's broker, through which every element event is then republished). Each instance still runs the whole
 * diagram: four `${environment.services.x}` service tasks and the `${environment.variables.notify}` condition.
 */
export async function bpmnEngine(instances: number): Promise<number> {
  const moddle = await new BpmnModdle().fromXML(bpmnEngineOrderXml);
  const sourceContext = (serializer as unknown as (m: unknown, r: unknown) => unknown)(
    moddle,
    (TypeResolver as unknown as (e: unknown) => unknown)(elements),
  );
  let calls = 0;
  const services = Object.fromEntries(
    TASKS.map((task) => [
      task,
      (_context: unknown, next: (err: null, result: unknown) => void) => {
        calls++;
        next(null, { [task]: 'done' });
      },
    ]),
  );
  const started = performance.now();
  for (let i = 0; i < instances; i++) {
    const engine = new BpmnEngine({
      name: 'order-bench',
      sourceContext,
      services,
      Logger: SilentLogger,
      variables: { notify: i % 2 === 0 },
    } as never);
    // the handlers answer synchronously, so the instance may end inside execute(): listen first
    const ended = engine.waitFor('end');
    await engine.execute();
    await ended;
  }
  const seconds = (performance.now() - started) / 1000;
  const expectedCalls = instances * 3 + Math.ceil(instances / 2);
  if (calls !== expectedCalls) throw new Error(`bpmn-engine ran ${calls} service calls, expected ${expectedCalls}`);
  return instances / seconds;
}

export interface EngineCoreSamples {
  ours: number[];
  bpmnEngine: number[];
}

/** V8 young-generation size for the child: see engine-core-child.ts for why. */
export const SEMI_SPACE_MIB = 64;

/** One child process: both engines, `reps` times each, alternating; instances per second. */
function childSamples(instances: number, reps: number): Promise<EngineCoreSamples> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        `--max-semi-space-size=${SEMI_SPACE_MIB}`,
        '--import',
        'tsx',
        path.join(__dirname, 'engine-core-child.ts'),
        String(instances),
        String(reps),
      ],
      { cwd: path.join(__dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        process.stderr.write(stderr);
        if (err) reject(err);
        else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as EngineCoreSamples);
      },
    );
  });
}

/**
 * `reps` repetitions of both engines, each in a fresh child process, as many side by side as there are cores
 * (each single-threaded run keeps a core to itself): bpmn-engine's 5,000 instances take over a minute here,
 * three in a row would use most of the whole benchmark's five minutes.
 */
export async function engineCoreSamples(
  instances: number,
  reps: number,
  /** called once when only the last repetition is left running and a core is idle */
  onCoreFree?: () => void,
): Promise<EngineCoreSamples> {
  const parallel = Math.max(1, Math.min(reps, os.availableParallelism()));
  const all: EngineCoreSamples = { ours: [], bpmnEngine: [] };
  let next = 0;
  let running = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < reps) {
        next++;
        running++;
        const one = await childSamples(instances, 1).finally(() => running--);
        all.ours.push(...one.ours);
        all.bpmnEngine.push(...one.bpmnEngine);
        if (parallel > 1 && next >= reps && running === 1) onCoreFree?.();
      }
    }),
  );
  return all;
}
