/**
 * Helpers for scenario tests that drive the embedded engine only through the unmodified SDK over gRPC:
 * deploy code-built processes, take jobs the way a worker does (ActivateJobs long poll), and read what
 * happened from the engine's element history (the in-process engine is only read, never driven).
 */
import type { Zeebe } from '@camunda8/sdk';
import type { EngineApi } from '../../src/engine/engine-api';
import { bpmnXml, type TestProcess } from '../support/bpmn';
import type { TestEngine } from '../support/engine';

export type ZeebeClient = Zeebe.ZeebeGrpcClient;
export type SdkJob = Awaited<ReturnType<ZeebeClient['activateJobs']>>[number];

/** Deploys each process as its own resource in one DeployResource call. */
export async function deploy(zeebe: ZeebeClient, ...processes: TestProcess[]): Promise<void> {
  await zeebe.deployResources(processes.map((p) => ({ name: `${p.id}.bpmn`, process: Buffer.from(bpmnXml(p)) })));
}

/** Long-polls ActivateJobs like a worker until `count` jobs of `type` arrived (or fails naming the type). */
export async function takeJobs(zeebe: ZeebeClient, type: string, count = 1, timeoutMs = 5_000): Promise<SdkJob[]> {
  const jobs: SdkJob[] = [];
  const deadline = Date.now() + timeoutMs;
  while (jobs.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`expected ${count} job(s) of type '${type}', got ${jobs.length}`);
    jobs.push(
      ...(await zeebe.activateJobs({
        type,
        worker: 'scenario-test',
        timeout: 60_000,
        maxJobsToActivate: count - jobs.length,
        requestTimeout: Math.min(left, 1_000),
      })),
    );
  }
  return jobs;
}

/** Activates and completes one job of `type`, returning the job (its variables are what the worker saw). */
type JobVariables = Parameters<ZeebeClient['completeJob']>[0]['variables'];

export async function completeOne(zeebe: ZeebeClient, type: string, variables: JobVariables = {}) {
  const [job] = await takeJobs(zeebe, type);
  await zeebe.completeJob({ jobKey: job.key, variables });
  return job;
}

/** Asserts that no job of `type` can be activated right now. */
export async function noJobs(zeebe: ZeebeClient, type: string): Promise<boolean> {
  const jobs = await zeebe.activateJobs({
    type,
    worker: 'scenario-test',
    timeout: 60_000,
    maxJobsToActivate: 10,
    requestTimeout: -1,
  });
  return jobs.length === 0;
}

export async function eventually<T>(what: string, check: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function embedded(cluster: TestEngine): EngineApi {
  if (!cluster.engine) throw new Error('these scenarios read the embedded engine; unset ZEEBE_GRPC_ADDRESS');
  return cluster.engine;
}

/** Element ids that completed, in completion order (the process itself left out). */
export function completedElements(engine: EngineApi, processInstanceKey: string): string[] {
  return [...engine.listElementInstances(processInstanceKey)]
    .filter((e) => e.state === 'COMPLETED' && e.type !== 'PROCESS')
    .sort((a, b) => (a.endSequence ?? 0) - (b.endSequence ?? 0))
    .map((e) => e.elementId);
}

export function instanceState(engine: EngineApi, processInstanceKey: string) {
  return engine.getProcessInstance(processInstanceKey)?.state;
}

export function untilEnded(engine: EngineApi, processInstanceKey: string) {
  return eventually(
    `instance ${processInstanceKey} to end`,
    () => instanceState(engine, processInstanceKey) !== 'ACTIVE',
  );
}

export function rootVariables(engine: EngineApi, processInstanceKey: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const v of engine.listVariables(processInstanceKey)) {
    if (v.scopeKey === processInstanceKey) result[v.name] = v.value;
  }
  return result;
}
