/**
 * Mock job workers with Camunda Process Test's vocabulary: `mockJobWorker(type).thenComplete(vars)`,
 * `.thenThrowBpmnError(code, vars)`, `.withHandler(fn)`. Unlike completeJob() (one job per call), a mock
 * keeps taking every job of its type, through `POST /v2/jobs/activation`, until it is stopped.
 *
 * Per-test cleanup: a mock belongs to the jest test that created it. Once another test runs, it hands any
 * job it took back untouched and stops, so one test's mock never completes the next test's jobs even when
 * nobody calls stopAll() (an afterEach(() => pt.stopMockJobWorkers()) still ends its polling sooner).
 */
import type { ActivatedJobItem, RestApi } from './rest-api';
import { currentTest } from './running-test';

export { currentTest };

/** What a withHandler() function may do with its job; when it does none of these, the job is completed. */
export interface MockJobActions {
  complete(variables?: Record<string, unknown>): Promise<void>;
  throwBpmnError(errorCode: string, variables?: Record<string, unknown>, errorMessage?: string): Promise<void>;
  fail(errorMessage: string, retries?: number): Promise<void>;
}

/** Returns the variables to complete with (or acts through `actions`); throwing fails the job. */
export type MockJobHandler = (job: ActivatedJobItem, actions: MockJobActions) => unknown;

export interface MockJobWorker {
  readonly jobType: string;
  /** completes every job with these variables */
  thenComplete(variables?: Record<string, unknown>): MockJobWorker;
  /** throws this BPMN error from every job */
  thenThrowBpmnError(errorCode: string, variables?: Record<string, unknown>, errorMessage?: string): MockJobWorker;
  /** runs a function for every job */
  withHandler(handler: MockJobHandler): MockJobWorker;
  /** the jobs handled so far, in order */
  readonly handledJobs: readonly ActivatedJobItem[];
  /** stops taking jobs; resolves once the poll in flight is over */
  stop(): Promise<void>;
}

export interface MockJobWorkers {
  mockJobWorker(jobType: string): MockJobWorker;
  /** stops every mock this toolkit started */
  stopMockJobWorkers(): Promise<void>;
}

/** how long one activation request waits for a job: also how long stop() may take */
const POLL_MS = 200;

export function createMockJobWorkers(api: RestApi): MockJobWorkers {
  const running = new Set<MockJobWorker>();

  function mockJobWorker(jobType: string): MockJobWorker {
    const owner = currentTest();
    let handler: MockJobHandler | undefined;
    let stopped = false;
    const handledJobs: ActivatedJobItem[] = [];

    async function handle(job: ActivatedJobItem): Promise<void> {
      let acted = false;
      const actions: MockJobActions = {
        async complete(variables = {}) {
          acted = true;
          await api.completeJob(job.jobKey, variables);
        },
        async throwBpmnError(errorCode, variables = {}, errorMessage) {
          acted = true;
          await api.throwJobError(job.jobKey, errorCode, errorMessage, variables);
        },
        async fail(errorMessage, retries = Math.max(0, job.retries - 1)) {
          acted = true;
          await api.failJob(job.jobKey, errorMessage, retries);
        },
      };
      handledJobs.push(job);
      try {
        const output = await (handler as MockJobHandler)(job, actions);
        if (!acted) await actions.complete(isObject(output) ? output : {});
      } catch (err) {
        if (!acted) await actions.fail(`mockJobWorker('${jobType}'): ${(err as Error).message}`);
      }
    }

    let loop: Promise<void> = Promise.resolve();
    const worker: MockJobWorker = {
      jobType,
      handledJobs,
      thenComplete(variables = {}) {
        handler = () => variables;
        return worker;
      },
      thenThrowBpmnError(errorCode, variables = {}, errorMessage) {
        handler = async (_job, actions) => actions.throwBpmnError(errorCode, variables, errorMessage);
        return worker;
      },
      withHandler(fn) {
        handler = fn;
        return worker;
      },
      async stop() {
        stopped = true;
        await loop;
      },
    };
    // until a behaviour is chosen, jobs are completed without variables
    handler = () => ({});
    loop = (async () => {
      // an engine that went away ends the loop; a test should not see unhandled rejections from it
      while (!stopped) {
        const jobs = await api.activateJobs(jobType, 32, POLL_MS).catch(() => undefined);
        if (jobs === undefined) break;
        const foreign = owner !== currentTest();
        if (foreign) stopped = true;
        for (const job of jobs) {
          await (stopped ? api.returnJob(job) : handle(job)).catch(() => undefined);
        }
      }
      running.delete(worker);
    })();

    running.add(worker);
    return worker;
  }

  return {
    mockJobWorker,
    async stopMockJobWorkers() {
      await Promise.all([...running].map((w) => w.stop()));
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
