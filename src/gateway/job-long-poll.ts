/**
 * Zeebe's long polling for job activation, one implementation for gRPC ActivateJobs and REST
 * `POST /v2/jobs/activation`: answer at once when jobs of the type are activatable; otherwise hold the request
 * until the engine reports new jobs of that type (engine.onJobsAvailable) or the request timeout passes, then
 * answer empty. requestTimeout 0 uses the gateway's long-polling timeout (10 s, Zeebe's default); a negative
 * one answers at once, even empty. Jobs are handed over only once their activation is durable (a crash before
 * that makes them activatable again); jobs activated for a client that left meanwhile are made activatable
 * again at once, as Zeebe's gateway does.
 */
import type { Logger } from 'pino';
import type { ActivatedJob, ActivateJobsCommand, EngineApi } from '../engine/engine-api';

export const DEFAULT_LONG_POLLING_TIMEOUT_MS = 10_000;

/** Requests a gateway holds open (long polls, job streams), so closing it can end them instead of waiting. */
export type OpenRequests = Set<() => void>;

export interface JobPollContext {
  engine: EngineApi;
  logger: Logger;
  /** resolves when what the engine accepted so far is durable */
  durable(): Promise<void>;
}

/** How one protocol answers a poll; exactly one of jobs, empty and error is called, once. */
export interface JobPollAnswer {
  /** the activated jobs, durable now */
  jobs(jobs: ActivatedJob[]): void;
  /** no job came before the timeout, or the gateway closes */
  empty(): void;
  /** the activation was refused, or could not be made durable */
  error(err: unknown): void;
  /** true once the client has gone away (its jobs are then given back) */
  gone(): boolean;
}

/**
 * Starts a poll. The function it returns ends the poll without an answer (call it when the client goes away);
 * calling it after the poll was answered does nothing.
 */
export function pollForJobs(
  ctx: JobPollContext,
  command: ActivateJobsCommand,
  requestTimeout: number,
  openPolls: OpenRequests,
  answer: JobPollAnswer,
): () => void {
  let done = false;
  let unsubscribe = () => {};
  let timer: NodeJS.Timeout | undefined;
  const finish = () => {
    if (done) return false;
    done = true;
    unsubscribe();
    if (timer) clearTimeout(timer);
    openPolls.delete(answerEmpty);
    return true;
  };
  const answerEmpty = () => {
    if (finish()) answer.empty();
  };
  /** Tries to activate; true when the poll was answered (with jobs or an error). */
  const tryActivate = (): boolean => {
    let jobs: ActivatedJob[];
    try {
      jobs = ctx.engine.activateJobs(command);
    } catch (err) {
      // also when woken by onJobsAvailable, where a throw would have nobody to catch it
      if (finish()) answer.error(err);
      return true;
    }
    if (jobs.length === 0) return false;
    finish();
    ctx.durable().then(
      () => (answer.gone() ? reactivateJobs(ctx, jobs, 'Failed to send activated jobs to client') : answer.jobs(jobs)),
      (err) => answer.error(err),
    );
    return true;
  };
  const cancel = () => void finish();

  if (tryActivate()) return cancel;
  if (requestTimeout < 0) {
    answerEmpty();
    return cancel;
  }
  openPolls.add(answerEmpty);
  // woken inside the engine's notification: activate on the next microtask, outside the engine's command
  unsubscribe = ctx.engine.onJobsAvailable(command.type, () => {
    if (!done) queueMicrotask(() => !done && tryActivate());
  });
  timer = setTimeout(answerEmpty, requestTimeout === 0 ? DEFAULT_LONG_POLLING_TIMEOUT_MS : requestTimeout);
  return cancel;
}

/**
 * Jobs activated for a client that is gone are failed with their retries unchanged and no back-off, so
 * they are activatable again at once (what Zeebe's gateway does when it cannot send an activation).
 */
export function reactivateJobs(ctx: Pick<JobPollContext, 'engine' | 'logger'>, jobs: ActivatedJob[], reason: string) {
  ctx.logger.info(
    { jobKeys: jobs.map((j) => j.key), reason },
    'activated jobs could not be sent; making them activatable again',
  );
  for (const job of jobs) {
    try {
      ctx.engine.failJob(job.key, job.retries, reason, 0);
    } catch (err) {
      ctx.logger.info({ jobKey: job.key, err }, 'failed to reactivate job');
    }
  }
}
