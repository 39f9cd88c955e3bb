/**
 * A worker's completion of a job, by the job's kind: a listener's job hands its variables (and a task listener's
 * verdict, JobResult) to the listener services, an ad-hoc sub-process's job applies its `result` (ad-hoc-jobs.ts),
 * and any other job completes its element with the variables as its payload.
 */
import type { AdHocJobResult, JobResult, Variables } from '../engine-api';
import { adHocJobCompleted, checkAdHocJobCompletion, isAdHocJob } from './ad-hoc-jobs';
import type { JobAction } from './engine-events';
import type { FinishedState, Job } from './jobs';
import type { Runtime } from './runtime';

/** What a completion does to the job service's state (jobs.ts). */
export interface CompletedJobs {
  finish(job: Job, state: FinishedState): void;
  told(action: JobAction, job: Job): void;
}

export class JobCompletions {
  constructor(
    private readonly rt: Runtime,
    private readonly jobs: CompletedJobs,
  ) {}

  /** (`result`: a task listener's verdict, JobResult; other jobs ignore it as Zeebe does) */
  complete(job: Job, variables: Variables, result?: JobResult) {
    if (job.listener) this.rt.listeners.jobCompleted(job, variables, result);
    else if (isAdHocJob(job)) this.completeAdHocJob(job, variables, {});
    else this.completeElementJob(job, variables);
  }

  /** A job completed with an ad-hoc sub-process `result` (ad-hoc-jobs.ts); any other job ignores it. */
  completeAdHoc(job: Job, variables: Variables, result: AdHocJobResult) {
    if (job.listener) this.rt.listeners.jobCompleted(job, variables);
    else if (isAdHocJob(job)) this.completeAdHocJob(job, variables, result);
    else this.completeElementJob(job, variables);
  }

  private completeElementJob(job: Job, variables: Variables) {
    this.jobs.finish(job, 'COMPLETED');
    this.jobs.told('completed', job);
    job.instance.payload = variables;
    job.instance.jobKey = undefined;
    this.rt.lifecycle.complete(job.instance);
  }

  private completeAdHocJob(job: Job, variables: Variables, result: AdHocJobResult) {
    checkAdHocJobCompletion(job, result);
    this.jobs.finish(job, 'COMPLETED');
    if (job.instance.jobKey === job.key) job.instance.jobKey = undefined;
    adHocJobCompleted(this.rt, job, variables, result);
  }
}
