/**
 * Drives the engine core in-process (no gateway) for fast, exact semantic tests: deploy test processes,
 * work jobs, and read element history.
 */
import pino from 'pino';
import { createEngine, type Engine } from '../../src/engine/engine';
import type { ActivatedJob, Variables } from '../../src/engine/engine-api';
import { bpmnXml, type TestProcess } from './bpmn';

export function newEngine(): Engine {
  return createEngine({ logger: pino({ level: 'silent' }) });
}

export async function deployProcesses(engine: Engine, ...processes: TestProcess[]) {
  return engine.deploy(processes.map((p) => ({ name: `${p.id}.bpmn`, content: bpmnXml(p) })));
}

/** Activates every waiting job of a type and completes it (with what `handler` returns). */
export function workJobs(
  engine: Engine,
  type: string,
  handler: (job: ActivatedJob) => Variables | void = () => ({}),
): ActivatedJob[] {
  const jobs = engine.activateJobs({ type, worker: 'test', timeout: 60_000, maxJobsToActivate: 100 });
  for (const job of jobs) engine.completeJob(job.key, handler(job) ?? {});
  return jobs;
}

export function activateOne(engine: Engine, type: string, timeout = 60_000): ActivatedJob {
  const [job] = engine.activateJobs({ type, worker: 'test', timeout, maxJobsToActivate: 1 });
  if (!job) throw new Error(`expected a job of type '${type}'`);
  return job;
}

/** Element ids in the order they completed. */
export function completedElements(engine: Engine, processInstanceKey: string): string[] {
  return [...engine.listElementInstances(processInstanceKey)]
    .filter((e) => e.state === 'COMPLETED' && e.type !== 'PROCESS')
    .sort((a, b) => (a.endSequence ?? 0) - (b.endSequence ?? 0))
    .map((e) => e.elementId);
}

export function activeElements(engine: Engine, processInstanceKey: string): string[] {
  return [...engine.listElementInstances(processInstanceKey)]
    .filter((e) => e.state === 'ACTIVE' && e.type !== 'PROCESS')
    .map((e) => e.elementId);
}

export function stateOf(engine: Engine, processInstanceKey: string) {
  return engine.getProcessInstance(processInstanceKey)?.state;
}

export function variablesOf(engine: Engine, processInstanceKey: string): Variables {
  const result: Variables = {};
  for (const v of engine.listVariables(processInstanceKey)) {
    if (v.scopeKey === processInstanceKey) result[v.name] = v.value;
  }
  return result;
}
