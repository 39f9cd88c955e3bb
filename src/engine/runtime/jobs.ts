/**
 * Jobs for job-worker elements (service and send tasks, compensation handlers, ...): created when the
 * element activates, activated by type (FIFO) for a worker with a deadline, pushed to open job streams,
 * re-activatable after a timeout or a retry back-off, and turned into an incident when retries run out.
 */

import type { DueEntry } from '../due-queue';
import type {
  ActivatedJob,
  ActivateJobsCommand,
  AdHocJobResult,
  JobChangeset,
  JobResult,
  JobStream,
  JobView,
  ListenerJob,
  Variables,
} from '../engine-api';
import { invalidArgument, notFound } from '../errors';
import { finishedJobState, type JobsState, jobState, restoredJob } from '../state/jobs-state';
import { ActivatableJobs } from './activatable-jobs';
import { isAdHocJob } from './ad-hoc-jobs';
import type { ElementInstance } from './element-instance';
import type { JobAction } from './engine-events';
import { JobCompletions } from './job-completions';
import { limitErrorMessage, listenerCannotThrow, requireActivatableOrActivated } from './job-rejections';
import { JobStreams } from './job-streams';
import { updateJob, updateJobTimeout } from './job-updates';
import { activatedJob, jobView } from './job-views';
import type { Runtime } from './runtime';

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'BACKOFF';

export interface Job {
  key: string;
  type: string;
  state: JobState;
  retries: number;
  instance: ElementInstance;
  customHeaders: Record<string, string>;
  worker?: string;
  deadline?: number;
  errorMessage?: string;
  timer?: DueEntry;
  /** set on a listener's job only */
  listener?: ListenerJob;
  /** a task listener's job completed as a denial: its reason ('' when none was given) */
  deniedReason?: string;
}

/** what finished jobs looked like, for the REST job search */
export type FinishedState = 'COMPLETED' | 'CANCELED' | 'ERROR_THROWN';

export class JobService {
  // jobs, finished and activatable are the job state a snapshot holds (snapshot/restore)
  private readonly jobs = new Map<string, Job>();
  private readonly finished = new Map<string, { job: Job; state: FinishedState }>();
  private readonly activatable = new ActivatableJobs();
  private readonly streams = new JobStreams();
  private readonly pollers = new Map<string, Set<() => void>>();
  private readonly notifyTypes = new Set<string>();
  /** told of every job pushed to a stream, so the journal can replay the activation */
  onStreamed: (jobKey: string, worker: string, timeout: number) => void = () => {};
  /** a completion by the job's kind (job-completions.ts) */
  private readonly completions: JobCompletions;

  constructor(private readonly rt: Runtime) {
    this.completions = new JobCompletions(rt, {
      finish: (job, state) => this.finish(job, state),
      told: (action, job) => this.told(action, job),
    });
  }

  /** Replays a stream activation from the journal: that job, for that worker. */
  activateSpecific(key: string, worker: string, timeout: number) {
    const job = this.jobs.get(key);
    if (job?.state !== 'ACTIVATABLE') return;
    this.activatable.delete(job.type, key);
    this.activateJob(job, worker, timeout);
  }

  /** (customHeaders: the element's task headers, or computed ones such as a job-worker user task's) */
  create(
    instance: ElementInstance,
    type: string,
    retries: number,
    customHeaders = instance.element.taskHeaders,
    listener?: ListenerJob,
  ) {
    const job: Job = {
      key: this.rt.keys.nextKey(),
      type,
      state: 'ACTIVATABLE',
      retries,
      instance,
      customHeaders,
    };
    if (listener) job.listener = listener;
    this.jobs.set(job.key, job);
    this.rt.history.jobCreated(instance.processInstanceKey, job.key);
    instance.jobKey = job.key;
    this.told('created', job);
    this.makeActivatable(job);
  }

  activate(cmd: ActivateJobsCommand): ActivatedJob[] {
    if (!cmd.type) throw invalidArgument("Expected to activate jobs of a non-empty type, but 'type' is empty");
    if (cmd.maxJobsToActivate < 1)
      throw invalidArgument(`Expected maxJobsToActivate to be greater than 0, but was ${cmd.maxJobsToActivate}`);
    if (cmd.timeout < 1) throw invalidArgument(`Expected timeout to be greater than 0, but was ${cmd.timeout}`);
    const keys = this.activatable.inKeyOrder(cmd.type);
    const result: ActivatedJob[] = [];
    if (!keys) return result;
    for (const key of keys) {
      if (result.length >= cmd.maxJobsToActivate) break;
      const job = this.jobs.get(key);
      keys.delete(key);
      if (job) result.push(this.activateJob(job, cmd.worker, cmd.timeout, cmd.fetchVariable));
    }
    return result;
  }

  onJobsAvailable(type: string, listener: () => void): () => void {
    let set = this.pollers.get(type);
    if (!set) {
      set = new Set();
      this.pollers.set(type, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  openStream(stream: JobStream): () => void {
    const close = this.streams.open(stream);
    // jobs already waiting go to the new stream, as Zeebe pushes pending jobs to a stream that opens
    this.rt.process(() => {
      const waiting = this.activatable.inKeyOrder(stream.type);
      for (const key of waiting ?? []) {
        const job = this.jobs.get(key);
        waiting?.delete(key);
        if (job) this.pushToStream(stream, job);
      }
    });
    return close;
  }

  /** (`result`: a task listener's verdict, JobResult; other jobs ignore it as Zeebe does) */
  complete(key: string, variables: Variables = {}, result?: JobResult) {
    const job = this.require(key, 'complete');
    requireActivatableOrActivated(job, 'complete');
    this.completions.complete(job, variables, result);
  }

  /** A job completed with an ad-hoc sub-process `result` (ad-hoc-jobs.ts); any other job ignores it. */
  completeAdHoc(key: string, variables: Variables, result: AdHocJobResult) {
    const job = this.require(key, 'complete');
    requireActivatableOrActivated(job, 'complete');
    this.completions.completeAdHoc(job, variables, result);
  }

  fail(key: string, retries: number, errorMessage: string, backOffMs: number, variables?: Variables) {
    const job = this.require(key, 'fail');
    requireActivatableOrActivated(job, 'fail');
    if (variables && Object.keys(variables).length > 0) this.rt.variables.setLocals(job.instance.key, variables);
    this.rt.due.cancel(job.timer);
    this.activatable.delete(job.type, job.key);
    this.told('failed', job);
    job.retries = retries;
    job.errorMessage = limitErrorMessage(errorMessage);
    job.worker = undefined;
    job.deadline = undefined;
    if (retries <= 0) {
      job.state = 'FAILED';
      this.raiseNoRetries(job);
    } else if (backOffMs > 0) {
      job.state = 'BACKOFF';
      job.timer = this.rt.due.schedule(this.rt.clock.now() + backOffMs, { what: 'jobBackOff', job });
    } else {
      this.makeActivatable(job);
    }
  }

  throwError(key: string, errorCode: string, errorMessage: string, variables?: Variables) {
    const job = this.require(key, 'throw an error for');
    requireActivatableOrActivated(job, 'throw an error for');
    if (job.listener) throw listenerCannotThrow(job);
    if (!errorCode) throw invalidArgument(`Expected to throw an error with a non-empty error code for job '${key}'`);
    errorMessage = limitErrorMessage(errorMessage);
    job.errorMessage = errorMessage;
    this.told('error thrown', job);
    if (this.rt.errors.findCatch(job.instance, errorCode)) {
      this.finish(job, 'ERROR_THROWN');
      job.instance.jobKey = undefined;
      this.rt.errors.throwError(job.instance, errorCode, errorMessage, variables ?? {});
      return;
    }
    // Uncaught: the job waits (failed) behind an incident; resolving it makes the job activatable again.
    this.rt.due.cancel(job.timer);
    this.activatable.delete(job.type, job.key);
    job.state = 'FAILED';
    job.worker = undefined;
    job.deadline = undefined;
    this.rt.errors.throwError(job.instance, errorCode, errorMessage, variables ?? {}, job.key);
  }

  /** gRPC UpdateJobRetries: the retries half of update, with the same rejection. */
  updateRetries(key: string, retries: number) {
    this.update(key, { retries });
  }

  updateTimeout(key: string, timeoutMs: number) {
    updateJobTimeout(this.rt, this.require(key, 'update'), timeoutMs);
  }

  /** Retries and timeout at once (job-updates.ts). */
  update(key: string, changeset: JobChangeset) {
    updateJob(this.rt, this.require(key, 'update'), changeset);
  }

  /** After an incident is resolved: a job with retries left becomes activatable, else a new incident. */
  retryAfterIncident(key: string) {
    const job = this.jobs.get(key);
    if (!job) return;
    if (job.retries > 0) this.makeActivatable(job);
    else this.raiseNoRetries(job);
  }

  /** A listener's (or an ad-hoc sub-process's) job out of retries is Zeebe's `<kind>_NO_RETRIES`. */
  private raiseNoRetries(job: Job) {
    const kind = job.listener?.kind ?? (isAdHocJob(job) ? 'AD_HOC_SUB_PROCESS' : undefined);
    const errorType = kind ? `${kind}_NO_RETRIES` : 'JOB_NO_RETRIES';
    this.rt.incidents.raiseForJob(job.instance, job.key, job.errorMessage || 'No more retries left.', errorType);
  }

  /** Ends a listener's job as completed (the listener service goes on with the element). */
  finishCompleted(job: Job) {
    this.finish(job, 'COMPLETED');
    if (job.instance.jobKey === job.key) job.instance.jobKey = undefined;
  }

  /** The element left (completed elsewhere, terminated): its job disappears. */
  cancel(key: string) {
    const job = this.jobs.get(key);
    if (!job) return;
    this.finish(job, 'CANCELED');
    this.told('canceled', job);
  }

  retriesOf(key: string): number | undefined {
    return this.jobs.get(key)?.retries;
  }

  /** A job, live or finished. */
  get(key: string): Job | undefined {
    return this.jobs.get(key) ?? this.finished.get(key)?.job;
  }

  /** The jobs not finished yet. */
  live(): Iterable<Job> {
    return this.jobs.values();
  }

  /** The finished jobs, as the REST job search shows them. */
  finishedJobs(): Iterable<{ job: Job; state: FinishedState }> {
    return this.finished.values();
  }

  finishedEntry(key: string): { job: Job; state: FinishedState } | undefined {
    return this.finished.get(key);
  }

  get finishedCount(): number {
    return this.finished.size;
  }

  /** Jobs waiting to be activated, of every type. */
  activatableCount(): number {
    return this.activatable.count();
  }

  /** Removes a job from history (its tree ended and is evicted, history-retention.ts). */
  forget(key: string) {
    this.finished.delete(key);
    this.jobs.delete(key);
  }

  /** The job state a snapshot holds: every live job, the finished ones `kept` accepts, the activation order. */
  snapshot(kept: (processInstanceKey: string) => boolean): JobsState {
    return {
      jobs: [...this.jobs.values()].map(jobState),
      finishedJobs: [...this.finished.values()]
        .filter(({ job }) => kept(job.instance.processInstanceKey))
        .map(finishedJobState),
      ...this.activatable.snapshot(),
    };
  }

  /** Restores the state `snapshot` wrote (their due-queue entries come with the due queue: `rearm`). */
  restore(state: JobsState, instance: (key: string) => ElementInstance) {
    for (const j of state.jobs) this.jobs.set(j.key, restoredJob(j, instance));
    for (const j of state.finishedJobs) this.finished.set(j.key, { job: restoredJob(j, instance), state: j.finished });
    this.activatable.restore(state);
  }

  /** Schedules a job's deadline or back-off a snapshot held again. */
  rearm(what: 'jobDeadline' | 'jobBackOff', key: string, due: number) {
    const job = this.jobs.get(key);
    if (!job) throw new Error(`snapshot refers to job '${key}', which it does not contain`);
    job.timer = this.rt.due.schedule(due, { what, job });
  }

  /** Notifies long-polling ActivateJobs calls; done once per command, after the state is settled. */
  flushNotifications() {
    if (this.notifyTypes.size === 0) return;
    const types = [...this.notifyTypes];
    this.notifyTypes.clear();
    for (const type of types) for (const listener of [...(this.pollers.get(type) ?? [])]) listener();
  }

  *views(): Iterable<JobView> {
    for (const job of this.jobs.values())
      yield jobView(job, job.state === 'ACTIVATED' ? 'ACTIVATED' : job.state === 'FAILED' ? 'FAILED' : 'CREATED');
    for (const { job, state } of this.finished.values()) yield jobView(job, state);
  }

  /** The job, or NOT_FOUND in Zeebe's words (a finished job is gone for Zeebe too). */
  private require(key: string, action: string): Job {
    const job = this.jobs.get(key);
    if (!job) throw notFound(`Expected to ${action} job with key '${key}', but no such job was found`);
    return job;
  }

  private finish(job: Job, state: FinishedState) {
    this.rt.due.cancel(job.timer);
    this.activatable.delete(job.type, job.key);
    this.jobs.delete(job.key);
    this.finished.set(job.key, { job, state });
  }

  /** (what a back-off runs when it falls due, due-tasks.ts) */
  makeActivatable(job: Job) {
    if (!this.jobs.has(job.key)) return;
    job.state = 'ACTIVATABLE';
    job.worker = undefined;
    job.deadline = undefined;
    const stream = this.streams.next(job.type);
    if (stream) {
      this.pushToStream(stream, job);
      return;
    }
    this.activatable.add(job.type, job.key);
    this.notifyTypes.add(job.type);
  }

  private pushToStream(stream: JobStream, job: Job) {
    const activated = this.activateJob(job, stream.worker, stream.timeout, stream.fetchVariable);
    this.onStreamed(job.key, stream.worker, stream.timeout);
    stream.push(activated);
  }

  private activateJob(job: Job, worker: string, timeout: number, fetchVariable?: string[]): ActivatedJob {
    job.state = 'ACTIVATED';
    this.told('activated', job);
    job.worker = worker;
    job.deadline = this.rt.clock.now() + timeout;
    job.timer = this.rt.due.schedule(job.deadline, { what: 'jobDeadline', job });
    return activatedJob(this.rt, job, worker, fetchVariable);
  }

  /** (what a job deadline runs when it falls due, due-tasks.ts) */
  timedOut(job: Job) {
    if (job.state !== 'ACTIVATED' || !this.jobs.has(job.key)) return;
    this.told('timed out', job);
    this.makeActivatable(job);
  }

  /** Tells the engine's listeners (engine-events.ts) what happened to a job. */
  private told(action: JobAction, job: Job) {
    this.rt.events.emit(() => ({ kind: 'job', action, jobType: job.type }));
  }
}
