/**
 * Starts one @camunda8/sdk job worker (ZeebeGrpcClient.createWorker) per task type, each fetching only the
 * variables its input schema reads, with the SDK's own worker logs routed to pino; `close()` stops polling,
 * lets jobs in hand finish, and resolves when every worker has shut down.
 */
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import type { Logger } from 'pino';
import type { Database } from '../src/data/database';
import { shareProtoDefinitions } from '../src/shared-proto-definitions';
import { type ActivatedJobLike, runJob } from './run-job';
import { sdkLogLevel, sdkLogsToPino } from './sdk-logs';
import { fetchVariables, type JobHandler, type WorkerDefinition } from './worker-definition';
import { allWorkers } from './worker-registry';

export interface StartWorkersOptions {
  zeebe: ZeebeGrpcClient;
  db: Database;
  logger: Logger;
  /** Workers to start (default: every worker of both processes). */
  definitions?: WorkerDefinition[];
  /** Start only these task types (e.g. to leave one step unserved in a test). */
  taskTypes?: string[];
  /** How long a job stays locked to this worker before Zeebe hands it out again (default 30 s). */
  jobTimeoutMs?: number;
  /** How long one job-activation long poll stays open (default: the SDK's). */
  longPollMs?: number;
  /** Pause between one activation answer and the next request (default DEFAULT_POLL_INTERVAL_MS). */
  pollIntervalMs?: number;
  /** Jobs one worker holds at a time (default DEFAULT_MAX_JOBS_PER_WORKER). */
  maxJobsToActivate?: number;
  retryBackOffMs?: (retriesLeft: number) => number;
  /** Replace the handler of a task type (tests wrap a real handler to simulate a crash). */
  // biome-ignore lint/suspicious/noExplicitAny: handlers of different workers take different inputs.
  handlerOverrides?: Record<string, (real: JobHandler<any, any>) => JobHandler<any, any>>;
}

/**
 * Jobs each task type's worker holds at once: the SDK's own default. Every worker shares the app's event
 * loop and, on PGlite, its one connection with the API, so this sets how the two share them under load: with
 * fewer, the API accepts orders faster than the workers finish them and a backlog grows (measurements:
 * bench/worker-defaults.md).
 */
export const DEFAULT_MAX_JOBS_PER_WORKER = 32;

/**
 * How long the SDK waits after an activation answers before it asks again (its own default: 300 ms, which
 * caps how many jobs a task type takes a second and adds up to that wait to every step of an order;
 * measurements: bench/worker-defaults.md). While a long poll is parked the next one is not sent, so an idle
 * worker costs one no-op timer tick per interval.
 */
export const DEFAULT_POLL_INTERVAL_MS = 50;

export interface RunningWorkers {
  taskTypes: string[];
  close(): Promise<void>;
}

export function startWorkers(options: StartWorkersOptions): RunningWorkers {
  const definitions = (options.definitions ?? allWorkers).filter(
    (d) => !options.taskTypes || options.taskTypes.includes(d.taskType),
  );
  // every createWorker makes a gRPC client, and each would parse zeebe.proto again
  shareProtoDefinitions();
  const deps = { db: options.db, logger: options.logger };
  const workers = definitions.map((definition) => {
    const workerLogger = options.logger.child({ worker: definition.taskType });
    const realHandler = definition.createHandler({ ...deps, logger: workerLogger });
    const handler = options.handlerOverrides?.[definition.taskType]?.(realHandler) ?? realHandler;
    return options.zeebe.createWorker({
      taskType: definition.taskType,
      fetchVariable: fetchVariables(definition),
      timeout: options.jobTimeoutMs ?? 30_000,
      maxJobsToActivate: options.maxJobsToActivate ?? DEFAULT_MAX_JOBS_PER_WORKER,
      pollInterval: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      ...(options.longPollMs !== undefined ? { longPoll: options.longPollMs } : {}),
      loglevel: sdkLogLevel(workerLogger.level),
      stdout: sdkLogsToPino(workerLogger.child({ sdk: true })),
      taskHandler: async (job) => {
        try {
          await runJob(definition, handler, job as unknown as ActivatedJobLike, {
            logger: workerLogger,
            retryBackOffMs: options.retryBackOffMs,
          });
        } catch (error) {
          // Reporting the outcome failed (the job timed out and went to another worker, the instance was
          // cancelled, the gateway is gone): Zeebe will hand the job out again, and handlers are idempotent.
          workerLogger.warn({ err: error, jobKey: job.key }, 'could not report job outcome');
        }
        return 'JOB_ACTION_ACKNOWLEDGEMENT' as const;
      },
    });
  });
  let closing: Promise<void> | undefined;
  return {
    taskTypes: definitions.map((d) => d.taskType),
    close() {
      closing ??= Promise.all(workers.map((w) => w.close())).then(() => undefined);
      return closing;
    },
  };
}
