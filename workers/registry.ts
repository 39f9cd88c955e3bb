/**
 * Starts one @camunda8/sdk job worker (ZeebeGrpcClient.createWorker) per task type, each fetching only the
 * variables its input schema reads, with the SDK's own worker logs routed to pino; `close()` stops polling,
 * lets jobs in hand finish, and resolves when every worker has shut down.
 */
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import type { Loglevel, ZBCustomLogger } from '@camunda8/sdk/dist/zeebe/types';
import type { Logger } from 'pino';
import { shareProtoDefinitions } from '../src/app/shared-proto-definitions';
import type { Database } from '../src/data/database';
import { allWorkers } from './all-workers';
import { type ActivatedJobLike, runJob } from './run-job';
import { fetchVariables, type JobHandler, type WorkerDefinition } from './worker-definition';

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
 * loop and, on PGlite, its one connection with the API, so this sets how the two share them under load.
 * Measured with 50 ms polls (bench `rest`'s flood, 8 s windows): with 8 the API accepted ~600–690 orders/s
 * but the workers finished only ~85–97, a backlog growing by ~500 a second; with 32 the API accepts ~180–225
 * and the workers finish ~180–217, about what comes in. 32 is the one that holds under sustained load.
 */
export const DEFAULT_MAX_JOBS_PER_WORKER = 32;

/**
 * How long the SDK waits after an activation answers before it asks again (its own default: 300 ms). With
 * 300 ms and 8 jobs a poll a task type never took more than ~26 jobs a second, so `npm start` finished ~22
 * orders/s under load and each order waited up to 300 ms per step (~290 ms for one order on an idle app;
 * ~70 ms with 50). The tests always ran with 50 (test/support/test-baton.ts). While a long poll is parked
 * the next one is not sent, so an idle worker costs one no-op timer tick per interval.
 */
export const DEFAULT_POLL_INTERVAL_MS = 50;

export interface RunningWorkers {
  taskTypes: string[];
  close(): Promise<void>;
}

/** The SDK's log levels, chosen from pino's. */
function sdkLogLevel(level: string): Loglevel {
  if (level === 'silent') return 'NONE';
  if (level === 'debug' || level === 'trace') return 'DEBUG';
  if (level === 'info') return 'INFO';
  return 'ERROR';
}

type PinoLevel = 'debug' | 'info' | 'warn' | 'error';

/** The SDK's lines carry pino's numeric levels (20 debug, 30 info, 50 error); it writes debug lines to info(). */
function levelOf(entry: Record<string, unknown>, fallback: PinoLevel): PinoLevel {
  const level = entry.level;
  if (typeof level !== 'number') return fallback;
  return level >= 50 ? 'error' : level >= 40 ? 'warn' : level >= 30 ? 'info' : 'debug';
}

/** The SDK hands its logger JSON strings ({ level, message, context, id, ... }); re-emit them through pino. */
export function sdkLogsToPino(logger: Logger): ZBCustomLogger {
  const forward = (fallback: PinoLevel) => (line: string) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line);
    } catch {
      logger[fallback](line);
      return;
    }
    if (typeof entry !== 'object' || entry === null) {
      logger[fallback](line);
      return;
    }
    const { message, level: _level, timestamp: _timestamp, time: _time, ...fields } = entry;
    logger[levelOf(entry, fallback)](fields, typeof message === 'string' ? message : JSON.stringify(message));
  };
  return { debug: forward('debug'), info: forward('info'), error: forward('error') };
}

export function startWorkers(options: StartWorkersOptions): RunningWorkers {
  const definitions = (options.definitions ?? allWorkers).filter(
    (d) => !options.taskTypes || options.taskTypes.includes(d.taskType),
  );
  // every createWorker makes a gRPC client, and each would parse zeebe.proto again (~0.1 s apiece)
  shareProtoDefinitions();
  const deps = { db: options.db, logger: options.logger };
  const workers = definitions.map((definition) => {
    const workerLogger = options.logger.child({ worker: definition.taskType });
    const realHandler = definition.create({ ...deps, logger: workerLogger });
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
