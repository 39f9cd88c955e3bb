/**
 * Engine core vs bpmn-engine: the same order model (four service tasks, one exclusive gateway) run in-process
 * N times, service tasks completed by in-process handlers, one instance after the other. bpmn-engine gets its
 * best case: the model is parsed and serialized once and every Engine reuses that context.
 */

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

/** bpmn-engine with service-task callbacks; resolves with completed instances per second. */
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
      variables: { notify: i % 2 === 0 },
    } as never);
    await new Promise<void>((resolve, reject) => {
      engine.once('end', () => resolve());
      engine.execute((err: unknown) => err && reject(err));
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const expectedCalls = instances * 3 + Math.ceil(instances / 2);
  if (calls !== expectedCalls) throw new Error(`bpmn-engine ran ${calls} service calls, expected ${expectedCalls}`);
  return instances / seconds;
}
