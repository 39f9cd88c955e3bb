/**
 * Zeebe's words for what the job commands refuse (JobUpdateBehaviour, the job command precondition checks,
 * JobThrowErrorProcessor) and its limit on a job's error message.
 */
import { failedPrecondition } from '../errors';
import type { Job } from './jobs';

export const retriesNotPositive = (key: string, retries: number) =>
  `Expected to update retries for job with key '${key}' with a positive amount of retries, but the amount given was '${retries}'`;
export const timeoutOfInactive = (key: string) =>
  `Expected to update the timeout of job with key '${key}', but it is not active`;

/** Zeebe's state names: a job failed without retries or waiting out its back-off is FAILED. */
export function requireActivatableOrActivated(job: Job, action: string) {
  if (job.state === 'ACTIVATABLE' || job.state === 'ACTIVATED') return;
  throw failedPrecondition(`Expected to ${action} job with key '${job.key}', but it is in state 'FAILED'`);
}

/** Zeebe keeps at most 500 characters of a job's error message (EngineConfiguration's limit), marking the cut. */
const MAX_ERROR_MESSAGE_LENGTH = 500;
export function limitErrorMessage(message: string): string {
  return message.length > MAX_ERROR_MESSAGE_LENGTH ? `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH)}...` : message;
}

/** A listener's job cannot throw a BPMN error (JobThrowErrorProcessor's rejection). */
export function listenerCannotThrow(job: Job) {
  return failedPrecondition(
    `Cannot throw BPMN error from ${job.listener?.kind} job with key '${job.key}', type '${job.type}' and processInstanceKey '${job.instance.processInstanceKey}'`,
  );
}
