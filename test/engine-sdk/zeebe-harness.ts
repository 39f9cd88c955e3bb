/**
 * Helpers for scenario tests that drive a Zeebe-compatible cluster only through the unmodified SDK over
 * gRPC: deploy code-built processes, take jobs the way a worker does (ActivateJobs long poll), and read what
 * happened through Camunda's REST v2 API (element instances, variables, incidents) and move its clock
 * (`PUT /v2/clock`) with the process-test toolkit's clock — so the same suites run on the embedded engine, a
 * Camunda container and an external cluster.
 */
import { randomBytes } from 'node:crypto';
import type { Zeebe } from '@camunda8/sdk';
import { createClock, type ProcessTestClock } from '../../src/process-test/clock';
import { settleMsFromEnv } from '../../src/process-test/consistency';
import { inActivationOrder } from '../../src/process-test/element-history';
import type { ElementInstanceItem, IncidentItem, ProcessInstanceItem, RestApi } from '../../src/process-test/rest-api';
import { bpmnXml, type TestProcess } from '../support/bpmn';
import type { TestEngine } from '../support/engine';
import { engineKind } from '../support/engine-kind';
import { expectSettled, pollFor } from '../support/eventually';
import { settleMsFor } from '../support/read-lag';

export type ZeebeClient = Zeebe.ZeebeGrpcClient;
export type SdkJob = Awaited<ReturnType<ZeebeClient['activateJobs']>>[number];

/**
 * This suite file's run id (base-36 time at load, then random hex): `uniqueName('order')` is
 * `order-<runId>`, so process ids, job types and message names never meet those of another suite on the same
 * cluster (two files loaded in the same millisecond) or of earlier runs it keeps.
 */
export const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
export const uniqueName = (name: string) => `${name}-${runId}`;

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

/**
 * Asserts that no job of `type` can be activated. On a cluster other than the embedded engine's immediate
 * profile this long-polls for a settle window: Zeebe fires due timers asynchronously after `PUT /v2/clock`
 * and creates jobs after the command that led to them was answered, so an immediate look would pass
 * before a job that is on its way arrives. (The long poll ends at once when a job does arrive.)
 */
export async function noJobs(zeebe: ZeebeClient, type: string): Promise<boolean> {
  const jobs = await zeebe.activateJobs({
    type,
    worker: 'scenario-test',
    timeout: 60_000,
    maxJobsToActivate: 10,
    requestTimeout: jobsSettleMs() || -1,
  });
  return jobs.length === 0;
}

/** 0 on the embedded engine in its immediate profile (its timers fire inside the clock change), else the settle window. */
function jobsSettleMs(): number {
  const immediate = engineKind() === 'embedded' && !process.env.CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL;
  return immediate && process.env.PROCESS_TEST_SETTLE_MS === undefined ? 0 : settleMsFromEnv();
}

/**
 * The cluster as the suites read and steer it, all through Camunda's REST v2 API (the SDK's REST client,
 * which also brings the cluster's credentials): the process-test toolkit's clock (`PUT /v2/clock`, see
 * src/process-test/clock.ts) and searches for element instances, variables and incidents. One per cluster,
 * so the toolkit's idea of the pinned clock is shared by every test of the suite. (Only the toolkit's clock
 * and ordering are used here: its REST module loads @camunda8/orchestration-cluster-api, about a second
 * per suite file, which these suites do not need since the SDK already speaks REST v2.)
 */
export interface RemoteEngine {
  cluster: TestEngine;
  /** advance(ms) pins the engine clock that far ahead of the last pin (or of system time) */
  clock: ProcessTestClock;
  rest: ReturnType<TestEngine['camunda']['getCamundaRestClient']>;
}

const remotes = new WeakMap<TestEngine, RemoteEngine>();

export function remote(cluster: TestEngine): RemoteEngine {
  let found = remotes.get(cluster);
  if (!found) {
    const rest = cluster.camunda.getCamundaRestClient();
    const clockApi = {
      pinClock: async (timestamp: number) => void (await rest.pinInternalClock(timestamp)),
      resetClock: async () => void (await rest.resetClock()),
    };
    found = { cluster, rest, clock: createClock(clockApi as unknown as RestApi) };
    remotes.set(cluster, found);
  }
  return found;
}

type Query<
  M extends
    | 'searchElementInstances'
    | 'searchProcessInstances'
    | 'searchVariables'
    | 'searchIncidents'
    | 'searchProcessDefinitions',
> = Parameters<RemoteEngine['rest'][M]>[0];
const PAGE = { from: 0, limit: 1000 };

/** afterAll: returns a clock the suite moved to system time (a shared cluster outlives the suite), then closes. */
export async function closeCluster(cluster: TestEngine | undefined): Promise<void> {
  if (!cluster) return;
  try {
    const r = remotes.get(cluster);
    if (r?.clock.isPinned()) await r.clock.reset();
  } finally {
    await cluster.close();
  }
}

/** The instance's element instances in activation order (the process itself left out). */
export async function elementInstances(r: RemoteEngine, processInstanceKey: string): Promise<ElementInstanceItem[]> {
  const result = await r.rest.searchElementInstances({
    filter: { processInstanceKey },
    sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
    page: PAGE,
  } as Query<'searchElementInstances'>);
  return inActivationOrder(result.items as unknown as ElementInstanceItem[]);
}

/** The first element instance of `elementId` in the instance (activation order), or undefined. */
export async function elementInstance(
  r: RemoteEngine,
  processInstanceKey: string,
  elementId: string,
): Promise<ElementInstanceItem | undefined> {
  return (await elementInstances(r, processInstanceKey)).find((e) => e.elementId === elementId);
}

/**
 * Element ids that completed, in completion order (the process itself left out): a REST search sorted by
 * endDate. The embedded engine breaks same-millisecond ties in the order the elements ended; Zeebe stamps
 * one command's records with one timestamp, so there ties follow its search order.
 */
export async function completedElements(r: RemoteEngine, processInstanceKey: string): Promise<string[]> {
  const result = await r.rest.searchElementInstances({
    filter: { processInstanceKey, state: 'COMPLETED' },
    sort: [{ field: 'endDate', order: 'ASC' }],
    page: PAGE,
  } as Query<'searchElementInstances'>);
  return result.items.filter((e) => e.type !== 'PROCESS').map((e) => e.elementId);
}

/** Ids of the elements active right now, in activation order. */
export async function activeElements(r: RemoteEngine, processInstanceKey: string): Promise<string[]> {
  return (await elementInstances(r, processInstanceKey)).filter((e) => e.state === 'ACTIVE').map((e) => e.elementId);
}

/** ACTIVE, COMPLETED, TERMINATED, or undefined when the cluster does not (yet) know the instance. */
export async function instanceState(r: RemoteEngine, processInstanceKey: string): Promise<string | undefined> {
  return (await processInstance(r, processInstanceKey))?.state;
}

/** The instance as REST v2 describes it, or undefined when the cluster does not (yet) know it. */
export async function processInstance(r: RemoteEngine, processInstanceKey: string) {
  const result = await r.rest.searchProcessInstances({
    filter: { processInstanceKey },
    page: { from: 0, limit: 1 },
  } as Query<'searchProcessInstances'>);
  return result.items[0] as unknown as ProcessInstanceItem | undefined;
}

/**
 * How far this cluster's REST reads may trail its writes: 0 on the embedded engine's immediate default,
 * else PROCESS_TEST_SETTLE_MS, twice the flush interval, or the toolkit's default (consistency.ts).
 */
export function settleMs(r: RemoteEngine): number {
  return settleMsFor(r.cluster) ?? settleMsFromEnv();
}

/**
 * `await expectRead(r, () => completedElements(r, key)).toEqual([...])`: jest's matchers on a REST read,
 * re-read until they hold on a read begun a settle window after the call (expectSettled), so neither a read
 * not exported yet nor a stale "still ACTIVE" / "not there" passes or fails a test.
 */
export function expectRead<T>(r: RemoteEngine, read: () => Promise<T>, timeoutMs = 10_000) {
  return expectSettled(read, settleMs(r), timeoutMs);
}

/**
 * Waits until the instance has ended, then a settle window more; resolves with the state it ended in. The
 * instance row is the positive marker; the window lets its element, variable and incident rows (other
 * indices, maybe a later flush) catch up, so single reads of an ended instance after this are final.
 */
export async function untilEnded(r: RemoteEngine, processInstanceKey: string, timeoutMs = 5_000): Promise<string> {
  const state = await pollFor(
    `instance ${processInstanceKey} to end`,
    async () => {
      const state = await instanceState(r, processInstanceKey);
      return state !== undefined && state !== 'ACTIVE' && state;
    },
    timeoutMs + settleMs(r),
  );
  await new Promise((resolve) => setTimeout(resolve, settleMs(r)));
  return state;
}

/** The instance's process-scope variables (values parsed from JSON). */
export function rootVariables(r: RemoteEngine, processInstanceKey: string): Promise<Record<string, unknown>> {
  return localVariables(r, processInstanceKey, processInstanceKey);
}

/** The variables whose scope is this element instance (not its parents'). */
export async function localVariables(r: RemoteEngine, processInstanceKey: string, scopeKey: string) {
  const result = await r.rest.searchVariables({
    filter: { processInstanceKey, scopeKey },
    page: PAGE,
  } as Query<'searchVariables'>);
  return Object.fromEntries(result.items.map((v) => [v.name, JSON.parse(v.value)])) as Record<string, unknown>;
}

/** Waits for an open incident matching `match` in the instance; resolves with it. */
export function openIncident(
  r: RemoteEngine,
  processInstanceKey: string,
  match: (incident: IncidentItem) => boolean = () => true,
) {
  return pollFor(
    `an open incident in instance ${processInstanceKey}`,
    async () => {
      const result = await r.rest.searchIncidents({
        filter: { processInstanceKey, state: 'ACTIVE' },
        page: PAGE,
      } as Query<'searchIncidents'>);
      return (result.items as unknown as IncidentItem[]).find(match);
    },
    5_000 + settleMs(r),
  );
}

/** The keys of the instances of a process (by its bpmnProcessId), oldest first. */
export async function instancesOf(r: RemoteEngine, bpmnProcessId: string) {
  const result = await r.rest.searchProcessInstances({
    filter: { processDefinitionId: bpmnProcessId },
    sort: [{ field: 'processInstanceKey', order: 'ASC' }],
    page: PAGE,
  } as Query<'searchProcessInstances'>);
  return result.items;
}

/** The deployed versions of a process (by its bpmnProcessId), newest first. */
export async function definitionsOf(r: RemoteEngine, bpmnProcessId: string) {
  const result = await r.rest.searchProcessDefinitions({
    filter: { processDefinitionId: bpmnProcessId },
    sort: [{ field: 'version', order: 'DESC' }],
    page: { from: 0, limit: 100 },
  } as Query<'searchProcessDefinitions'>);
  return result.items;
}
