/**
 * Task listeners of Camunda user tasks (Zeebe 8.8's `zeebe:taskListeners`): a lifecycle transition (creating,
 * assigning, updating, completing) puts the task in its transitional state and runs the listeners of that
 * event one after another as jobs of kind TASK_LISTENER. A listener may correct the task's assignee, dates,
 * candidates and priority (the next listener sees the corrections) or deny the transition (assigning,
 * updating, completing): the task goes back to CREATED as before, corrections discarded. This file holds the
 * transition as data (kept on the task, so a snapshot holds it) and its rules; user-tasks.ts drives it.
 */
import type {
  JobResult,
  ListenerJob,
  ListenerUserTask,
  UserTaskChangeset,
  UserTaskView,
  Variables,
} from '../engine-api';
import { invalidArgument } from '../errors';
import type { TaskListenerEvent } from '../model/listener-properties';
import type { Job } from './jobs';

type Corrections = NonNullable<JobResult['corrections']>;

/** A transition waiting for its listeners. */
export interface PendingTransition {
  event: TaskListenerEvent;
  /** the listener whose job runs */
  index: number;
  /** Camunda's `action` of the request (assign, unassign, update, complete; '' on creation) */
  action: string;
  /** what the request changes: the new assignee (null: unassign), a changeset */
  assignee?: string | null;
  changeset?: UserTaskChangeset;
  /** a completion's variables, handed to the element once the completion goes through */
  variables?: Variables;
  /** the listeners' corrections so far */
  corrections: Corrections;
}

/** The task as stored: Camunda's view plus the transition its listeners hold up. */
export type StoredUserTask = UserTaskView & { transition?: PendingTransition };

export const TRANSITIONAL_STATE: Record<TaskListenerEvent, UserTaskView['state']> = {
  creating: 'CREATING',
  assigning: 'ASSIGNING',
  updating: 'UPDATING',
  completing: 'COMPLETING',
  canceling: 'CANCELING',
};

export const listenerKind = (event: TaskListenerEvent): ListenerJob => ({
  kind: 'TASK_LISTENER',
  listenerEventType: TRANSITIONAL_STATE[event] as ListenerJob['listenerEventType'],
});

const CORRECTABLE = ['assignee', 'dueDate', 'followUpDate', 'candidateUsers', 'candidateGroups', 'priority'] as const;
const DENIABLE: readonly TaskListenerEvent[] = ['assigning', 'updating', 'completing'];

/** Zeebe's JobCompleteProcessor rejections of a task listener's completion it does not take. */
export function checkListenerCompletion(job: Job, event: TaskListenerEvent, variables: Variables, result?: JobResult) {
  const where = `(job key '${job.key}', type '${job.type}', processInstanceKey '${job.instance.processInstanceKey}')`;
  if (Object.keys(variables).length > 0) {
    throw invalidArgument(`Task Listener job completion with variables payload provided is not yet supported ${where}`);
  }
  if (result?.denied && !DENIABLE.includes(event)) {
    throw invalidArgument(
      `Denying result is not supported for '${event}' task listener jobs ${where}. Only the following listener event types support denying: [${DENIABLE.join(', ')}].`,
    );
  }
  const priority = result?.corrections?.priority;
  if (priority !== undefined && priority !== null && (!Number.isInteger(priority) || priority < 0 || priority > 100)) {
    throw invalidArgument(`Expected the corrected priority to be an integer between 0 and 100, but was ${priority}`);
  }
}

/** Adds a listener's corrections (null and absent fields keep what was there). */
export function addCorrections(transition: PendingTransition, corrections: Corrections | undefined) {
  for (const field of CORRECTABLE) {
    const value = corrections?.[field];
    if (value !== undefined && value !== null) Object.assign(transition.corrections, { [field]: value });
  }
}

/** What the transition changes: the request's changes, then the corrections. */
export function transitioned(t: PendingTransition): Partial<UserTaskView> {
  const next: Partial<UserTaskView> = {};
  if (t.assignee !== undefined) next.assignee = t.assignee ?? undefined;
  for (const [field, value] of Object.entries(t.changeset ?? {})) {
    if (value === undefined || value === null) continue;
    Object.assign(next, { [field]: value === '' && field.endsWith('Date') ? undefined : value });
  }
  for (const [field, value] of Object.entries(t.corrections)) {
    // the creating event may set an assignee only where the process gave none
    if (field === 'assignee' && t.event === 'creating' && t.assignee) continue;
    // an empty text clears the field (Camunda's corrections)
    Object.assign(next, { [field]: value === '' ? undefined : value });
  }
  return next;
}

/** What the listener's job shows of the task (Camunda's `userTask` of an activated listener job). */
export function listenerUserTask(task: StoredUserTask): ListenerUserTask | undefined {
  const t = task.transition;
  if (!t) return undefined;
  const next = transitioned(t);
  const merged = { ...task, ...next };
  const changedAttributes = Object.keys(next).filter(
    (k) => JSON.stringify(next[k as keyof UserTaskView]) !== JSON.stringify(task[k as keyof UserTaskView]),
  );
  return {
    userTaskKey: task.userTaskKey,
    action: t.action,
    assignee: merged.assignee,
    candidateGroups: merged.candidateGroups,
    candidateUsers: merged.candidateUsers,
    changedAttributes,
    dueDate: merged.dueDate,
    followUpDate: merged.followUpDate,
    formKey: merged.formKey,
    priority: merged.priority,
  };
}
