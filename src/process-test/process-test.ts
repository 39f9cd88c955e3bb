/**
 * createProcessTest(fixture): the toolkit bound to one cluster. The fixture is anything with the cluster's
 * REST address (test/support/engine.ts's startEngine() result fits), so the same test runs on the
 * embedded engine, a testcontainers Camunda and an external cluster. Every instance an assertion looks at
 * is remembered; writeCoverage() stores what those instances covered for the process coverage report.
 */
import { createClock, type ProcessTestClock } from './clock';
import { type ResetSummary, resetCluster } from './cluster-reset';
import { settleMsFromEnv } from './consistency';
import { buildCoverageReport, type ModelSource, type ProcessCoverageReport } from './coverage/coverage-report';
import { type InstanceCoverage, readInstanceCoverage } from './coverage/instance-coverage';
import { defaultCoverageDir, writeCoveragePart } from './coverage/report-files';
import { inActivationOrder } from './element-history';
import { createJobs, type ProcessTestJobs } from './jobs';
import { mockChildProcess } from './mock-child-process';
import { type DecisionMock, mockDmnDecision } from './mock-dmn-decision';
import { createMockJobWorkers, currentTest, type MockJobWorkers } from './mock-job-worker';
import { ProcessInstanceAssert } from './process-instance-assert';
import { createRestApi, type ElementInstanceItem, type RestApi } from './rest-api';
import type { UserTaskItem } from './rest-commands';
import { type RunningTest, runningTest } from './running-test';
import { createTestScope } from './test-scope';
import { completeUserTask, UserTaskAssert, type UserTaskSelector } from './user-task-assert';

export interface ProcessTestFixture {
  /** http://host:port of the REST v2 API (no /v2) */
  restAddress?: string;
}

export interface ProcessTestOptions {
  /** how long an assertion polls before it fails; default PROCESS_TEST_TIMEOUT_MS or 10 000 ms */
  timeoutMs?: number;
  /**
   * how far the cluster's reads may trail its writes: negative assertions ("no incident", "not passed") hold
   * only on reads this long after the call, an ended instance is re-read this long before a check fails,
   * coverage is read this long after the last look. Default PROCESS_TEST_SETTLE_MS, else two
   * CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL, else 2 000 ms; 0 for a cluster that reads its writes.
   */
  settleMs?: number;
  /** default: CAMUNDA_AUTH_STRATEGY from the environment, else NONE */
  authStrategy?: 'NONE' | 'OAUTH' | 'BASIC';
  /** names this suite's part of the coverage report (default: 'process-test') */
  suite?: string;
  /** where coverage parts go (default PROCESS_COVERAGE_DIR or coverage/process) */
  coverageDir?: string;
  /**
   * the instance's page in a UI, for failure messages: a URL with `{processInstanceKey}` in it, or the UI's
   * base URL (Baton's modeler: `<base>/#/instances/<key>`). Default PROCESS_TEST_UI_URL; none: no link.
   */
  uiInstanceUrl?: string;
}

export interface ProcessTest extends ProcessTestJobs, MockJobWorkers {
  /** assertions on one instance; each polls until it holds or the timeout passes */
  expectProcessInstance(processInstanceKey: string): ProcessInstanceAssert;
  /** assertions on the newest user task a selector picks (element id, or elementId/taskName/...) */
  expectUserTask(selector: UserTaskSelector): UserTaskAssert;
  /**
   * deploys a stub under the called process's id that completes at once with these variables
   * (mock-child-process.ts); deleted again when the test is cleaned up
   */
  mockChildProcess(processDefinitionId: string, variables?: Record<string, unknown>): Promise<void>;
  /**
   * deploys a stub decision under this id whose result is `output` (mock-dmn-decision.ts), CPT's
   * `mockDmnDecision(id, output)`; `mockDmnDecision(id).thenReturn(output)` says the same. Deleted again when
   * the test is cleaned up, so the real decision's latest version is called again.
   */
  mockDmnDecision(decisionId: string, output: unknown): Promise<void>;
  mockDmnDecision(decisionId: string): DecisionMock;
  /**
   * what a test leaves behind, undone: its mock workers stopped, its stub decisions and child processes
   * deleted, a pinned clock reset. useProcessTest() calls it after each test.
   */
  cleanUpTest(): Promise<void>;
  /**
   * cancels every running instance and deletes every deployed process and decision (cluster-reset.ts): a
   * clean cluster for the next test, faster than a new engine
   */
  resetCluster(): Promise<ResetSummary>;
  /** completes the newest open user task a selector picks, waiting for one; resolves with the task */
  completeUserTask(selector: UserTaskSelector, variables?: Record<string, unknown>): Promise<UserTaskItem>;
  clock: ProcessTestClock;
  /** the instance's element instances in activation order (PROCESS row left out), for custom checks */
  elementHistory(processInstanceKey: string): Promise<ElementInstanceItem[]>;
  /**
   * No open incident in any of these instances: one search for the cluster's open incidents instead of one
   * per instance (for many instances at once). Fails listing the incidents found.
   */
  expectNoIncidents(processInstanceKeys: readonly string[]): Promise<void>;
  /** counts an instance for coverage without asserting on it */
  track(processInstanceKey: string): void;
  /** what the tracked instances covered of these models (e.g. to require every element reached) */
  coverageReport(sources: readonly ModelSource[]): Promise<ProcessCoverageReport>;
  /** writes what the tracked instances covered to this suite's coverage part; resolves with the file */
  writeCoverage(): Promise<string>;
  /** the REST v2 calls underneath */
  api: RestApi;
  /** how long assertions and job helpers wait */
  timeoutMs: number;
  /** how far the cluster's reads may trail its writes (the option, resolved) */
  settleMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const COVERAGE_READS_IN_FLIGHT = 8;

export function createProcessTest(fixture: ProcessTestFixture, options: ProcessTestOptions = {}): ProcessTest {
  const restAddress = fixture.restAddress ?? process.env.ZEEBE_REST_ADDRESS ?? process.env.CAMUNDA_REST_ADDRESS;
  if (!restAddress) {
    throw new Error(
      'createProcessTest: the cluster has no REST address; the toolkit reads state through REST v2 (set ZEEBE_REST_ADDRESS for an external cluster)',
    );
  }
  const timeoutMs = options.timeoutMs ?? (Number(process.env.PROCESS_TEST_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS);
  const api = createRestApi({ restAddress, authStrategy: options.authStrategy });
  const tracked = new Set<string>();
  const settleMs = options.settleMs ?? settleMsFromEnv();
  /** ended instances do not change any more: read once */
  const ended = new Map<string, InstanceCoverage>();

  /** the instances the running jest test looked at: time skipping's default, so earlier tests' do not count */
  const trackedInTest = { test: undefined as string | undefined, keys: new Set<string>() };
  /** which test first looked at each instance, for coverage per test */
  const testOf = new Map<string, RunningTest>();
  const track = (key: string) => {
    tracked.add(String(key));
    const running = runningTest();
    if (running && !testOf.has(String(key))) testOf.set(String(key), running);
    const test = currentTest();
    if (test !== trackedInTest.test) trackedInTest.keys.clear();
    trackedInTest.test = test;
    trackedInTest.keys.add(String(key));
  };
  const trackedNow = () => (currentTest() === trackedInTest.test ? [...trackedInTest.keys] : []);
  const ctx = { api, timeoutMs, settleMs, seen: track, instanceUrl: instanceUrlFrom(options.uiInstanceUrl) };

  async function collectCoverage(): Promise<InstanceCoverage[]> {
    // what the instances did up to now may still be on its way to secondary storage
    if (tracked.size > 0) await sleep(settleMs);
    const keys = [...tracked];
    const instances: InstanceCoverage[] = [];
    // a few reads in flight at once: hundreds of instances should not take the suite's afterAll long
    for (let i = 0; i < keys.length; i += COVERAGE_READS_IN_FLIGHT) {
      const batch = keys.slice(i, i + COVERAGE_READS_IN_FLIGHT);
      const read = await Promise.all(batch.map(async (k) => ended.get(k) ?? readInstanceCoverage(api, k)));
      for (const covered of read) {
        if (!covered) continue;
        const test = testOf.get(covered.processInstanceKey);
        if (test) covered.test = test;
        if (covered.state !== 'ACTIVE') ended.set(covered.processInstanceKey, covered);
        instances.push(covered);
      }
    }
    return instances;
  }

  const clock = createClock(api, { tracked: trackedNow, timeoutMs, settleMs });
  const mockWorkers = createMockJobWorkers(api);
  const scope = createTestScope(async () => {
    await mockWorkers.stopMockJobWorkers();
    // each test starts on system time, as CPT's do
    if (clock.isPinned()) await clock.reset();
  });
  const deployDecisionMock = async (decisionId: string, output: unknown) => {
    const drgKey = await mockDmnDecision(api, decisionId, output);
    await scope.onCleanUp(() => api.deleteResource(drgKey));
  };

  return {
    api,
    timeoutMs,
    settleMs,
    clock,
    ...createJobs(api, timeoutMs),
    ...mockWorkers,
    async mockChildProcess(id, variables) {
      const keys = await mockChildProcess(api, id, variables);
      await scope.onCleanUp(async () => {
        for (const key of keys) await api.deleteResource(key);
      });
    },
    mockDmnDecision: ((decisionId: string, ...output: unknown[]) =>
      output.length > 0
        ? deployDecisionMock(decisionId, output[0])
        : { thenReturn: (value: unknown) => deployDecisionMock(decisionId, value) }) as ProcessTest['mockDmnDecision'],
    cleanUpTest: () => scope.cleanUp(),
    async resetCluster() {
      await scope.cleanUp();
      // instances started just now may not be searchable yet on a lagging cluster
      await sleep(settleMs);
      return resetCluster(api);
    },
    expectUserTask: (selector) => new UserTaskAssert(ctx, selector),
    completeUserTask: (selector, variables) => completeUserTask(ctx, selector, variables),
    expectProcessInstance: (key) => new ProcessInstanceAssert(ctx, String(key)),
    elementHistory: async (key) => inActivationOrder(await api.elementInstances(String(key))),
    track,
    async expectNoIncidents(processInstanceKeys) {
      const keys = new Set(processInstanceKeys.map(String));
      for (const key of keys) track(key);
      const calledAt = Date.now();
      const openOnes = async () =>
        (await api.searchIncidents({ state: 'ACTIVE' })).filter((i) => keys.has(String(i.processInstanceKey)));
      // an incident shown is there; none shown counts only on a read a settle window after the call
      let open = await openOnes();
      if (open.length === 0 && settleMs > 0) {
        await sleep(calledAt + settleMs - Date.now());
        open = await openOnes();
      }
      if (open.length > 0) {
        const shown = open.map((i) => `${i.processInstanceKey} ${i.elementId}: ${i.errorType}: ${i.errorMessage}`);
        throw new Error(`expectNoIncidents: ${open.length} open incident(s):\n  ${shown.join('\n  ')}`);
      }
    },
    async coverageReport(sources) {
      return buildCoverageReport(sources, await collectCoverage());
    },
    async writeCoverage() {
      const instances = await collectCoverage();
      return writeCoveragePart(options.coverageDir ?? defaultCoverageDir(), {
        suite: options.suite ?? 'process-test',
        instances,
      });
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** the UI link maker for failure messages, from the option or PROCESS_TEST_UI_URL */
function instanceUrlFrom(configured = process.env.PROCESS_TEST_UI_URL): ((key: string) => string) | undefined {
  if (!configured) return undefined;
  if (configured.includes('{processInstanceKey}')) return (key) => configured.replace('{processInstanceKey}', key);
  return (key) => `${configured.replace(/\/+$/, '')}/#/instances/${key}`;
}
