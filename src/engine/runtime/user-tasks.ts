/**
 * Camunda user tasks (Zeebe 8.8's `zeebe:userTask`): created when a user task element activates, then
 * assigned, unassigned, updated and completed through the REST API; completing one completes the element
 * as a job completion does (variables, output mappings). Leaving the element otherwise (interrupting
 * boundary event, cancellation) cancels the task. Ended tasks stay readable for the search, as in Camunda.
 *
 * The state is plain JSON data (`tasks`), so a snapshot can write it as it is (`snapshot()`/`restore()`).
 */
import type { UserTaskChangeset, UserTaskCommand, UserTaskView, Variables } from '../engine-api';
import { failedPrecondition, invalidArgument, notFound } from '../errors';
import type { ElementInstance } from './element-instance';
import type { Runtime } from './runtime';

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

export type UserTask = UserTaskView;

const CHANGEABLE = ['dueDate', 'followUpDate', 'candidateGroups', 'candidateUsers', 'priority'] as const;

export class UserTaskService {
  /** every user task by key, ended ones included (the state a snapshot holds) */
  private readonly tasks = new Map<string, UserTask>();
  /** element instance key → key of its open user task (derived from `tasks`) */
  private readonly open = new Map<string, string>();

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
    this.tasks.set(task.userTaskKey, task);
    this.rt.history.userTaskCreated(task.processInstanceKey, task.userTaskKey);
    this.open.set(instance.key, task.userTaskKey);
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
    if (task?.state === 'CREATED') this.end(task, 'CANCELED');
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
      if (t.state === 'CREATED') this.open.set(t.elementInstanceKey, t.userTaskKey);
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
    task.assignee = assignee;
  }

  private unassign(key: string) {
    const task = this.require(key, 'unassign');
    task.assignee = undefined;
  }

  private update(key: string, changeset: UserTaskChangeset) {
    const task = this.require(key, 'update');
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
    if (task?.state !== 'CREATED')
      throw notFound(`Expected to ${action} user task with key '${key}', but no such user task was found`);
    return task;
  }

  private end(task: UserTask, state: 'COMPLETED' | 'CANCELED') {
    task.state = state;
    task.completionDate = this.rt.clock.now();
  }
}
