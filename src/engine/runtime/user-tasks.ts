/**
 * Camunda user tasks (Zeebe 8.8's `zeebe:userTask`): created when a user task element activates, then
 * assigned, unassigned, updated and completed through the REST API; completing one completes the element
 * as a job completion does (variables, output mappings). Leaving the element otherwise (interrupting
 * boundary event, cancellation) cancels the task. Ended tasks stay readable for the search, as in Camunda.
 *
 * The state is plain JSON data (`tasks`), so a snapshot can write it as it is (`snapshot()`/`restore()`).
 */
import type {
  JobResult,
  ListenerUserTask,
  UserTaskChangeset,
  UserTaskCommand,
  UserTaskView,
  Variables,
} from '../engine-api';
import { failedPrecondition, invalidArgument, notFound } from '../errors';
import type { TaskListenerEvent } from '../model/listener-properties';
import type { ElementInstance } from './element-instance';
import { RETRY_TASK_LISTENERS } from './incident-retry';
import { failureOf } from './incidents';
import type { Job } from './jobs';
import type { Runtime } from './runtime';
import {
  addCorrections,
  checkListenerCompletion,
  listenerKind,
  listenerUserTask,
  type PendingTransition,
  type StoredUserTask,
  TRANSITIONAL_STATE,
  transitioned,
} from './task-listeners';

/** What activation computed from the element's assignment, schedule, priority and form definitions. */
export type UserTaskProperties = Pick<
  UserTaskView,
  | 'assignee'
  | 'candidateGroups'
  | 'candidateUsers'
  | 'dueDate'
  | 'followUpDate'
  | 'priority'
  | 'formKey'
  | 'externalFormReference'
>;

export type UserTask = StoredUserTask;

const CHANGEABLE = ['dueDate', 'followUpDate', 'candidateGroups', 'candidateUsers', 'priority'] as const;

export class UserTaskService {
  /** every user task by key, ended ones included (the state a snapshot holds) */
  private readonly tasks = new Map<string, UserTask>();
  /** element instance key → key of its open user task (derived from `tasks`) */
  private readonly open = new Map<string, string>();
  /** callers waiting for a task's transition to end (REST answers once its listeners are done; not state) */
  private readonly transitionWaiters = new Map<string, ((denial: string | undefined) => void)[]>();

  constructor(private readonly rt: Runtime) {}

  create(instance: ElementInstance, properties: UserTaskProperties) {
    const d = instance.definition;
    const task: UserTask = {
      userTaskKey: this.rt.keys.nextKey(),
      name: instance.element.name,
      state: 'CREATED',
      elementId: instance.element.id,
      elementInstanceKey: instance.key,
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: d.key,
      processDefinitionId: d.bpmnProcessId,
      processDefinitionVersion: d.version,
      tenantId: d.tenantId,
      ...properties,
      customHeaders: { ...instance.element.taskHeaders },
      creationDate: this.rt.clock.now(),
    };
    const { assignee, ...rest } = task;
    const listened = this.listeners(instance, 'creating') || (assignee && this.listeners(instance, 'assigning'));
    const created: UserTask = listened ? { ...rest, state: 'CREATING' } : task;
    this.tasks.set(created.userTaskKey, created);
    this.rt.history.userTaskCreated(created.processInstanceKey, created.userTaskKey);
    this.open.set(instance.key, created.userTaskKey);
    // as Zeebe: the creating listeners, then an assignee from the process goes through the assigning ones
    if (listened) this.transition(created, 'creating', { action: '', assignee });
  }

  apply(cmd: UserTaskCommand) {
    switch (cmd.op) {
      case 'complete':
        return this.complete(cmd.key, cmd.variables);
      case 'assign':
        return this.assign(cmd.key, cmd.assignee, cmd.allowOverride);
      case 'unassign':
        return this.unassign(cmd.key);
      case 'update':
        return this.update(cmd.key, cmd.changeset);
    }
  }

  /** The element instance was left (terminated, or completed another way): its open task is canceled. */
  elementLeft(instance: ElementInstance) {
    const key = this.open.get(instance.key);
    if (key === undefined) return;
    this.open.delete(instance.key);
    const task = this.tasks.get(key);
    if (task && task.state !== 'COMPLETED' && task.state !== 'CANCELED') {
      task.transition = undefined;
      this.end(task, 'CANCELED');
      this.transitionEnded(task);
    }
  }

  /**
   * The element is terminating: runs the task's canceling listeners, if it has any and an open task; true
   * while they run (the last one's completion lets the termination go on). A transition under way ends.
   */
  cancelingWaits(instance: ElementInstance): boolean {
    const task = this.tasks.get(this.open.get(instance.key) ?? '');
    if (!task || task.state === 'CANCELING' || !this.listeners(instance, 'canceling')) return false;
    if (instance.jobKey) {
      this.rt.jobs.cancel(instance.jobKey);
      instance.jobKey = undefined;
    }
    if (task.transition) this.transitionEnded(task);
    this.transition(task, 'canceling', { action: '' });
    return true;
  }

  /** An incident's retry: the open task's transition runs its listeners again from the first, corrections dropped. */
  retryTransition(instance: ElementInstance) {
    const task = this.tasks.get(this.open.get(instance.key) ?? '');
    if (!task?.transition) return;
    task.transition.index = 0;
    task.transition.corrections = {};
    this.runListener(task);
  }

  /** A task listener's job completed: the next listener, or the transition goes through (or is denied). */
  listenerJobCompleted(job: Job, variables: Variables, result: JobResult | undefined) {
    const task = this.tasks.get(this.open.get(job.instance.key) ?? '');
    const t = task?.transition;
    if (!task || !t)
      throw failedPrecondition(`Expected to complete job with key '${job.key}', but its user task has no transition`);
    checkListenerCompletion(job, t.event, variables, result);
    if (result?.denied) job.deniedReason = result.deniedReason ?? '';
    this.rt.jobs.finishCompleted(job);
    if (result?.denied) return this.deny(task, result.deniedReason ?? '');
    addCorrections(t, result?.corrections);
    t.index += 1;
    this.runListener(task);
  }

  /**
   * Resolves once the task's transition (its listeners) is over: at once when none runs; rejected with
   * Zeebe's INVALID_STATE rejection when a listener denied it.
   */
  awaitTransition(key: string): Promise<void> {
    const task = this.tasks.get(key);
    if (!task?.transition) return Promise.resolve();
    const denied = deniedText(task.transition, key);
    return new Promise((resolve, reject) => {
      const waiters = this.transitionWaiters.get(key) ?? [];
      waiters.push((reason) => (reason === undefined ? resolve() : reject(failedPrecondition(denied(reason)))));
      this.transitionWaiters.set(key, waiters);
    });
  }

  private transitionEnded(task: UserTask, denial?: string) {
    const waiters = this.transitionWaiters.get(task.userTaskKey);
    if (!waiters) return;
    this.transitionWaiters.delete(task.userTaskKey);
    for (const waiter of waiters) waiter(denial);
  }

  /** The task a task listener's job of `instance` shows. */
  listenerView(instance: ElementInstance): ListenerUserTask | undefined {
    const task = this.tasks.get(this.open.get(instance.key) ?? '');
    return task && listenerUserTask(task);
  }

  /** The element instance was migrated (migration.ts): its open task keeps its key, names its new element and process. */
  elementMigrated(instance: ElementInstance) {
    const key = this.open.get(instance.key);
    const task = key === undefined ? undefined : this.tasks.get(key);
    if (!task) return;
    const d = instance.definition;
    Object.assign(task, {
      elementId: instance.element.id,
      name: instance.element.name,
      processDefinitionKey: d.key,
      processDefinitionId: d.bpmnProcessId,
      processDefinitionVersion: d.version,
    });
  }

  views(): Iterable<UserTaskView> {
    return this.tasks.values();
  }

  get(key: string): UserTask | undefined {
    return this.tasks.get(key);
  }

  get count(): number {
    return this.tasks.size;
  }

  /** Removes a task from history (its tree ended and is evicted, history-retention.ts). */
  forget(key: string) {
    this.tasks.delete(key);
  }

  /** Copies of the tasks (those `keep` accepts), for a snapshot. */
  snapshot(keep: (task: UserTask) => boolean = () => true): UserTask[] {
    return [...this.tasks.values()].filter(keep).map((t) => structuredClone(t));
  }

  restore(tasks: UserTask[]) {
    for (const t of tasks) {
      this.tasks.set(t.userTaskKey, structuredClone(t));
      if (t.state !== 'COMPLETED' && t.state !== 'CANCELED') this.open.set(t.elementInstanceKey, t.userTaskKey);
    }
  }

  private complete(key: string, variables: Variables) {
    const task = this.require(key, 'complete');
    const instance = this.rt.elementInstances.get(task.elementInstanceKey);
    if (instance?.state !== 'ACTIVATED') {
      throw failedPrecondition(
        `Expected to complete user task with key '${key}', but its element '${task.elementId}' is not active`,
      );
    }
    if (this.listeners(instance, 'completing'))
      return this.transition(task, 'completing', { action: 'complete', variables });
    this.completeNow(task, instance, variables);
  }

  private completeNow(task: UserTask, instance: ElementInstance, variables: Variables) {
    this.open.delete(instance.key);
    this.end(task, 'COMPLETED');
    instance.payload = variables;
    this.rt.lifecycle.complete(instance);
  }

  private assign(key: string, assignee: string, allowOverride: boolean) {
    const task = this.require(key, 'assign');
    if (!assignee) throw invalidArgument(`Expected to assign user task with key '${key}' to a non-empty assignee`);
    if (task.assignee && task.assignee !== assignee && !allowOverride) {
      throw failedPrecondition(
        `Expected to assign user task with key '${key}' to '${assignee}', but it is already assigned to '${task.assignee}' and allowOverride is false`,
      );
    }
    // as Zeebe's gateway: an assignment that may not override is a claim
    const action = allowOverride ? 'assign' : 'claim';
    if (this.listenersOf(task, 'assigning')) return this.transition(task, 'assigning', { action, assignee });
    task.assignee = assignee;
  }

  private unassign(key: string) {
    const task = this.require(key, 'unassign');
    if (this.listenersOf(task, 'assigning'))
      return this.transition(task, 'assigning', { action: 'unassign', assignee: null });
    task.assignee = undefined;
  }

  private update(key: string, changeset: UserTaskChangeset) {
    const task = this.require(key, 'update');
    if (this.listenersOf(task, 'updating')) return this.transition(task, 'updating', { action: 'update', changeset });
    for (const field of CHANGEABLE) {
      const value = changeset[field];
      if (value === undefined || value === null) continue;
      // as Camunda: an empty date clears it
      if ((field === 'dueDate' || field === 'followUpDate') && value === '') task[field] = undefined;
      else Object.assign(task, { [field]: value });
    }
  }

  /** The open task, or NOT_FOUND in Zeebe's words (an ended task is gone from Zeebe's state too). */
  private require(key: string, action: string): UserTask {
    const task = this.tasks.get(key);
    if (!task || task.state === 'COMPLETED' || task.state === 'CANCELED')
      throw notFound(`Expected to ${action} user task with key '${key}', but no such user task was found`);
    if (task.state !== 'CREATED') {
      throw failedPrecondition(`Expected to ${action} user task with key '${key}', but it is in state '${task.state}'`);
    }
    return task;
  }

  private listeners(instance: ElementInstance, event: TaskListenerEvent) {
    return (instance.element.taskListeners?.[event]?.length ?? 0) > 0;
  }

  private listenersOf(task: UserTask, event: TaskListenerEvent) {
    const instance = this.rt.elementInstances.get(task.elementInstanceKey);
    return instance !== undefined && this.listeners(instance, event);
  }

  /** Puts the task in the event's transitional state and runs its first listener. */
  private transition(
    task: UserTask,
    event: TaskListenerEvent,
    request: Omit<PendingTransition, 'event' | 'index' | 'corrections'>,
  ) {
    task.state = TRANSITIONAL_STATE[event];
    task.transition = { event, index: 0, corrections: {}, ...request };
    this.runListener(task);
  }

  /**
   * The transition's listener number `index`, or, with none left, the transition goes through. A listener
   * whose type or retries fail to evaluate raises an incident on the element; resolving it runs the
   * transition's listeners again from the first (retryTransition), as Zeebe does.
   */
  private runListener(task: UserTask) {
    const t = task.transition as PendingTransition;
    const instance = this.rt.elementInstances.get(task.elementInstanceKey) as ElementInstance;
    const listener = instance.element.taskListeners?.[t.event]?.[t.index];
    if (!listener) return this.finishTransition(task, t, instance);
    try {
      this.rt.listeners.createJob(instance, listener, listenerKind(t.event));
    } catch (err) {
      const failure = failureOf(err, instance.element.id);
      if (!failure) throw err;
      this.rt.incidents.raise(failure, instance, RETRY_TASK_LISTENERS);
    }
  }

  private finishTransition(task: UserTask, t: PendingTransition, instance: ElementInstance) {
    const next = transitioned(t);
    const { assignee, ...changes } = next;
    Object.assign(task, changes);
    task.transition = undefined;
    if (t.event === 'canceling') return this.rt.lifecycle.finishTermination(instance);
    task.state = 'CREATED';
    this.transitionEnded(task);
    if (t.event === 'completing') return this.completeNow(task, instance, t.variables ?? {});
    if (t.event !== 'creating') {
      if ('assignee' in next) task.assignee = assignee;
      return;
    }
    // a creation with an assignee (the process's or a creating listener's) goes on through assigning
    if (assignee && this.listeners(instance, 'assigning'))
      return this.transition(task, 'assigning', { action: 'assign', assignee });
    if (assignee) task.assignee = assignee;
  }

  /** A listener denied the transition: the task is as it was before it (Zeebe's *_DENIED). */
  private deny(task: UserTask, reason: string) {
    task.transition = undefined;
    task.state = 'CREATED';
    this.transitionEnded(task, reason);
  }

  private end(task: UserTask, state: 'COMPLETED' | 'CANCELED') {
    task.state = state;
    task.completionDate = this.rt.clock.now();
  }
}

/** Zeebe's rejection of a user task command a task listener denied (UserTaskProcessor). */
function deniedText(t: PendingTransition, key: string) {
  const what = t.event === 'completing' ? 'Completion' : t.event === 'assigning' ? 'Assignment' : 'Update';
  return (reason: string) =>
    `${what} of the User Task with key '${key}' was denied by Task Listener. Reason to deny: '${reason}'`;
}
