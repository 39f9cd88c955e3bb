/**
 * Jobs as a snapshot holds them (runtime/jobs.ts writes and reads them through these): the element instance
 * by key, and the task headers only where they differ from the element's.
 */
import type { ElementInstance } from '../runtime/element-instance';
import type { FinishedState, Job } from '../runtime/jobs';
import type { JobSnapshot, SnapshotState } from './snapshot-state';

export type JobsState = Pick<SnapshotState, 'jobs' | 'finishedJobs' | 'activatable' | 'newestActivatable'>;

export function jobState(job: Job): JobSnapshot {
  return {
    key: job.key,
    type: job.type,
    state: job.state,
    retries: job.retries,
    elementInstance: job.instance.key,
    customHeaders: job.customHeaders === job.instance.element.taskHeaders ? undefined : job.customHeaders,
    worker: job.worker,
    deadline: job.deadline,
    errorMessage: job.errorMessage,
    listener: job.listener,
    deniedReason: job.deniedReason,
  };
}

export function finishedJobState({
  job,
  state,
}: {
  job: Job;
  state: FinishedState;
}): SnapshotState['finishedJobs'][number] {
  return { ...jobState(job), finished: state };
}

export function restoredJob(j: JobSnapshot, elementInstance: (key: string) => ElementInstance): Job {
  const instance = elementInstance(j.elementInstance);
  const restored: Job = {
    key: j.key,
    type: j.type,
    state: j.state,
    retries: j.retries,
    instance,
    customHeaders: j.customHeaders ?? instance.element.taskHeaders,
  };
  if (j.worker !== undefined) restored.worker = j.worker;
  if (j.deadline !== undefined) restored.deadline = j.deadline;
  if (j.errorMessage !== undefined) restored.errorMessage = j.errorMessage;
  if (j.listener !== undefined) restored.listener = j.listener;
  if (j.deniedReason !== undefined) restored.deniedReason = j.deniedReason;
  return restored;
}
