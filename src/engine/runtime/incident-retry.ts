/**
 * What resolving an incident runs again, kept as data on the incident (a snapshot writes its kind as
 * RetryState and a restore rebuilds it from that): the job, the element's activation, its behaviour's work
 * once activated, its completion, or a container's handling of a completed child.
 */
import type { ElementInstance } from './element-instance';

export type IncidentRetry =
  /** the job becomes activatable again (an incident of a job out of retries, or of its uncaught error) */
  | { retry: 'job'; jobKey: string }
  /** ACTIVATING again: input mappings, boundary events, event sub-process subscriptions */
  | { retry: 'activate' }
  /** the behaviour's onActivated again (a job type, a gateway condition, a called process id, ...) */
  | { retry: 'onActivated' }
  /** COMPLETING again: output mappings and what follows */
  | { retry: 'complete' }
  /** the container's onChildCompleted for `inner` again (a multi-instance body's output element, completion condition) */
  | { retry: 'innerCompleted'; inner: ElementInstance }
  /** a user task's transition under way: its task listeners again from the first (task-listeners.ts) */
  | { retry: 'taskListeners' };

/** The retries that carry nothing but their kind (shared: retry data is never changed). */
export const RETRY_ACTIVATE: IncidentRetry = Object.freeze({ retry: 'activate' });
export const RETRY_ON_ACTIVATED: IncidentRetry = Object.freeze({ retry: 'onActivated' });
export const RETRY_COMPLETE: IncidentRetry = Object.freeze({ retry: 'complete' });
export const RETRY_TASK_LISTENERS: IncidentRetry = Object.freeze({ retry: 'taskListeners' });
