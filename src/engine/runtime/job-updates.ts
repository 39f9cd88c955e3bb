/**
 * A client's change to a job's retries or timeout (gRPC UpdateJobRetries and UpdateJobTimeout, REST PATCH
 * /v2/jobs/{key}), with Zeebe's rejections; a new timeout is a new deadline from now.
 */
import type { JobChangeset } from '../engine-api';
import { failedPrecondition, invalidArgument } from '../errors';
import { retriesNotPositive, timeoutOfInactive } from './job-rejections';
import type { Job } from './jobs';
import type { Runtime } from './runtime';

export function updateJobTimeout(rt: Runtime, job: Job, timeoutMs: number) {
  if (job.state !== 'ACTIVATED') throw failedPrecondition(timeoutOfInactive(job.key));
  resetDeadline(rt, job, timeoutMs);
}

/**
 * Retries and timeout at once, as Zeebe's JobUpdateProcessor: every problem is named in one INVALID_ARGUMENT
 * rejection, and a rejected update changes neither.
 */
export function updateJob(rt: Runtime, job: Job, changeset: JobChangeset) {
  const problems: string[] = [];
  if (changeset.retries !== undefined && changeset.retries < 1) {
    problems.push(retriesNotPositive(job.key, changeset.retries));
  }
  if (changeset.timeout !== undefined && job.state !== 'ACTIVATED') problems.push(timeoutOfInactive(job.key));
  if (problems.length > 0) throw invalidArgument(problems.join(', '));
  if (changeset.retries !== undefined) job.retries = changeset.retries;
  if (changeset.timeout !== undefined) resetDeadline(rt, job, changeset.timeout);
}

function resetDeadline(rt: Runtime, job: Job, timeoutMs: number) {
  rt.due.cancel(job.timer);
  job.deadline = rt.clock.now() + timeoutMs;
  job.timer = rt.due.schedule(job.deadline, { what: 'jobDeadline', job });
}
