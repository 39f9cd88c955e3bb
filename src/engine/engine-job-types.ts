/** Jobs as workers see them: activation, the activated job (listener jobs included), its result and updates. */
import type { Variables } from './engine-api';

export interface ActivateJobsCommand {
  type: string;
  worker: string;
  /** ms the job stays locked to this worker */
  timeout: number;
  maxJobsToActivate: number;
  /** variable names to fetch; empty or undefined: all visible variables */
  fetchVariable?: string[];
}

export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  /** epoch ms on the engine clock */
  deadline: number;
  variables: Variables;
  tenantId: string;
  /** a listener's job: its kind and event type (absent: the element's own job, kind BPMN_ELEMENT) */
  listener?: ListenerJob;
  /** an ad-hoc sub-process's own job (job-worker implementation) */
  kind?: 'AD_HOC_SUB_PROCESS';
  /** a task listener's job: the user task as it stands in the transition (REST `userTask`) */
  userTask?: ListenerUserTask;
}

/** What a listener job is (Camunda's job kind and listener event type). */
export interface ListenerJob {
  kind: 'EXECUTION_LISTENER' | 'TASK_LISTENER';
  listenerEventType: 'START' | 'END' | 'CREATING' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'CANCELING';
}

/** The user task a task listener's job sees (Camunda's UserTaskProperties of an activated job). */
export interface ListenerUserTask {
  userTaskKey: string;
  action: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  changedAttributes: string[];
  dueDate?: string;
  followUpDate?: string;
  formKey?: string;
  priority: number;
}

/** `result` of an ad-hoc sub-process's job completion (Camunda's JobResult of type adHocSubProcess). */
export interface AdHocJobResult {
  activateElements?: { elementId: string; variables?: Variables }[];
  isCompletionConditionFulfilled?: boolean;
  isCancelRemainingInstances?: boolean;
}

/** `result` of a job completion (Camunda's JobResult of type userTask): a task listener's verdict. */
export interface JobResult {
  denied?: boolean;
  deniedReason?: string;
  corrections?: {
    assignee?: string | null;
    dueDate?: string | null;
    followUpDate?: string | null;
    candidateUsers?: string[] | null;
    candidateGroups?: string[] | null;
    priority?: number | null;
  };
}

export interface JobStream {
  type: string;
  worker: string;
  timeout: number;
  fetchVariable?: string[];
  /** Called with each job activated for this stream. */
  push(job: ActivatedJob): void;
}

/** What a job update changes; at least one of them. */
export interface JobChangeset {
  retries?: number;
  /** ms from now: the new deadline of an activated job */
  timeout?: number;
}
