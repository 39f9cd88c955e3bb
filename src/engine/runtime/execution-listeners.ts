/**
 * Execution listeners (Zeebe 8.8's `zeebe:executionListeners`): jobs of kind EXECUTION_LISTENER that block the
 * element's lifecycle. Start listeners run one after another once the input mappings are applied and before
 * the element subscribes to events or does its own work (the element stays ACTIVATING); end listeners run once
 * the output mappings are applied and the element left its subscriptions (it stays COMPLETING). A start
 * listener's variables become the element's locals; an end listener's propagate to the parent scope as output
 * mappings do. Which listener runs is `listenerIndex` on the element instance (plain data a snapshot keeps).
 */
import type { JobResult, ListenerJob, ListenerUserTask, Variables } from '../engine-api';
import type { ExecutionListenerEvent, Listener } from '../model/listener-properties';
import type { ElementInstance } from './element-instance';
import { IncidentError } from './incidents';
import type { Job } from './jobs';
import { feelContext } from './mappings';
import type { Runtime } from './runtime';

export class ListenerService {
  constructor(private readonly rt: Runtime) {}

  /**
   * Creates the job of `instance`'s execution listener number `index` of `event`; false when there is none
   * (left), so the lifecycle goes on. Throws an evaluation error as an incident's cause (type, retries).
   */
  runExecutionListener(instance: ElementInstance, event: ExecutionListenerEvent, index: number): boolean {
    const listener = instance.element.executionListeners?.[event]?.[index];
    if (!listener) {
      if (instance.listenerIndex !== undefined) instance.listenerIndex = undefined;
      return false;
    }
    const listenerEventType = event === 'start' ? 'START' : 'END';
    this.createJob(instance, listener, { kind: 'EXECUTION_LISTENER', listenerEventType });
    instance.listenerIndex = index;
    return true;
  }

  /** A listener's job for `instance` with the element's task headers (Zeebe gives listeners the element's headers). */
  createJob(instance: ElementInstance, listener: Listener, kind: ListenerJob) {
    const { type, retries } = evaluateListener(this.rt, instance, listener);
    this.rt.jobs.create(instance, type, retries, instance.element.taskHeaders, kind);
  }

  /** A listener's job completed (jobs.ts hands every listener job here). */
  jobCompleted(job: Job, variables: Variables, result?: JobResult) {
    if (job.listener?.kind === 'TASK_LISTENER') return this.rt.userTasks.listenerJobCompleted(job, variables, result);
    const instance = job.instance;
    const start = job.listener?.listenerEventType === 'START';
    this.rt.jobs.finishCompleted(job);
    if (Object.keys(variables).length > 0) {
      if (start || !instance.parent) this.rt.variables.setLocals(instance.key, variables);
      else this.rt.variables.propagate(instance.parent, variables);
    }
    const next = (instance.listenerIndex ?? 0) + 1;
    if (start) this.rt.lifecycle.continueActivation(instance, next);
    else this.rt.lifecycle.continueCompletion(instance, next);
  }

  /** What a task listener's job shows of its user task (absent for other jobs). */
  userTaskOf(job: Job): ListenerUserTask | undefined {
    return job.listener?.kind === 'TASK_LISTENER' ? this.rt.userTasks.listenerView(job.instance) : undefined;
  }
}

/** A listener's job type (a non-empty string) and retries (a number), as Zeebe extracts them. */
function evaluateListener(rt: Runtime, instance: ElementInstance, listener: Listener) {
  const lookup = (name: string) => rt.variables.lookup(instance, name);
  const type = listener.type.evaluate(lookup, feelContext(rt, instance));
  if (typeof type !== 'string' || type === '') {
    throw new IncidentError(
      'EXTRACT_VALUE_ERROR',
      `Expected result of the expression '${listener.type.source}' to be 'STRING', but was '${String(type)}'.`,
    );
  }
  const rawRetries = listener.retries.evaluate(lookup, feelContext(rt, instance));
  const retries = Number(rawRetries);
  if (!Number.isInteger(retries)) {
    throw new IncidentError(
      'EXTRACT_VALUE_ERROR',
      `Expected result of the expression '${listener.retries.source}' to be 'NUMBER', but was '${String(rawRetries)}'.`,
    );
  }
  return { type, retries };
}
