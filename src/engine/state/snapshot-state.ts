/**
 * The shape of an engine snapshot: the whole engine state at a journal position, as plain JSON data.
 * Object references become keys (element instances, jobs, messages, definitions) and model references
 * become element ids (see ElementRef); the due queue's tasks (runtime/due-tasks.ts) are stored as the tagged
 * records they are, and incident retries by kind (runtime/incident-retry.ts). Each service writes and reads its
 * own part (its snapshot()/restore()); engine-snapshot.ts and engine-restore.ts compose them.
 */

import type { StoredUser } from '../../engine-security/user-store';
import type { BatchOperationSnapshot } from '../batch/batch-operations';
import type { DecisionsState } from '../decisions/deployed-decisions';
import type { IncidentView, ListenerJob, UserTaskView } from '../engine-api';
import type { FormsState } from '../forms/deployed-forms';
import type { DecisionEvaluationView } from '../runtime/decision-evaluations';
import type { LifecycleState } from '../runtime/element-instance';
import type { FinishedState, JobState } from '../runtime/jobs';
import type { SubscriptionLogSnapshot } from '../runtime/message-subscription-log';
import type { StepState } from '../runtime/pending-steps';

/** Journal records between snapshots at least, unless told otherwise (ENGINE_SNAPSHOT_EVERY, engine option). */
export const DEFAULT_SNAPSHOT_EVERY = 10_000;

/** 2: ended history may be in history segments (`archive`); version 1 files hold everything and still load. */
export const SNAPSHOT_VERSION = 2;

/** A flow element of a definition's model: its id, or `id[inner]` for the activity inside a multi-instance body. */
export type ElementRef = string;

type Vars = Record<string, unknown>;

export interface SnapshotState {
  version: typeof SNAPSHOT_VERSION | 1;
  /** the key counter (keys.ts) and the clock setting (clock.ts) */
  nextKey: number;
  clock: { pinnedAt?: number; offset: number };
  endSequence: number;
  definitions: DefinitionState[];
  /** live versions per bpmnProcessId, oldest first (deleted versions left out), and the version counters */
  versions: [string, string[]][];
  versionCounters: [string, number][];
  /** deployed decision requirements graphs and decisions (absent in older snapshots and when none) */
  decisions?: DecisionsState;
  /** deployed forms (absent in older snapshots and when none) */
  forms?: FormsState;
  elementInstances: ElementInstanceState[];
  processInstances: ProcessInstanceState[];
  /** scope key → [name, variable key, value] (value left out when undefined) */
  variables: [string, ([string, string] | [string, string, unknown])[]][];
  takenFlows: [string, string[]][];
  jobs: JobSnapshot[];
  finishedJobs: (JobSnapshot & { finished: FinishedState })[];
  activatable: [string, string[]][];
  newestActivatable: [string, string][];
  incidents: IncidentState[];
  /** Camunda user tasks, ended ones included, as runtime/user-tasks.ts holds them (absent in older snapshots) */
  userTasks?: UserTaskView[];
  /** the engine's users with their password hashes (absent in older snapshots) */
  users?: StoredUser[];
  /** decision evaluations with their decision instances (absent in older snapshots and when none) */
  decisionEvaluations?: DecisionEvaluationView[];
  messages: MessagesState;
  signals: SignalsState;
  /** every entry still to fire on the engine clock, in scheduling order (ties in due fire in this order) */
  due: DueState[];
  /**
   * Ended root instances kept in history that this file leaves out: they are in history segments
   * (`history-<position>.json`, journal/history-archive.ts), oldest first, each without its first `skip`
   * roots (removed from history since). Absent: the file holds everything.
   */
  archive?: ArchiveSegmentRef[];
  /** a long-running command's steps still to run (../step-slices.ts), queue by queue in turn order; absent: none */
  pending?: StepState[][];
  /** the slice size the records after this snapshot ran with; absent in older snapshots (see replay.ts) */
  stepsPerSlice?: number;
  /** batch operations with their items (absent in older snapshots) */
  batchOperations?: BatchOperationSnapshot[];
}

export interface ArchiveSegmentRef {
  position: number;
  skip: number;
}

/**
 * One ended root instance's tree in a history segment: the parts of a SnapshotState it owns. Nothing changes an
 * ended tree any more, so it is written once and only left out of the snapshot file from then on.
 */
export interface RootHistoryState {
  root: string;
  processInstances: ProcessInstanceState[];
  elementInstances: ElementInstanceState[];
  variables: SnapshotState['variables'];
  takenFlows: SnapshotState['takenFlows'];
  finishedJobs: SnapshotState['finishedJobs'];
  incidents: IncidentState[];
  userTasks: UserTaskView[];
}

export interface DefinitionState {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  xml: string;
  deploymentKey: string;
  tenantId: string;
  deleted?: boolean;
}

/** An element instance; its definition is its process instance's (every element instance of an instance shares it). */
export interface ElementInstanceState {
  key: string;
  element: ElementRef;
  processInstanceKey: string;
  /** the definition `element` belongs to, when not its process instance's (ended before a migration) */
  definition?: string;
  parent?: string;
  state: LifecycleState;
  startDate: number;
  endDate?: number;
  endSequence?: number;
  /** active children (left out when none) */
  children?: string[];
  joins?: [string, [string, number][]][];
  jobKey?: string;
  incidentKey?: string;
  compensable?: CompensableState[];
  pendingHandlers?: number;
  compensationThrow?: string;
  chosenFlows?: string[];
  forwardPayload?: Vars;
  loop?: { items: unknown[]; next: number };
  loopLocals?: Vars;
  calledInstanceKey?: string;
  payload?: Vars;
  /** the execution listener whose job runs (start while ACTIVATING, end while COMPLETING) */
  listenerIndex?: number;
  /** a job-worker ad-hoc sub-process whose completion condition a job result fulfilled */
  adHocFulfilled?: boolean;
}

export interface CompensableState {
  element: ElementRef;
  instanceKey: string;
  nested: CompensableState[];
}

export interface ProcessInstanceState {
  key: string;
  definition: string;
  history: string[];
  messageCorrelationKey?: string;
  startDate: number;
  endDate?: number;
  callActivity?: string;
  pendingStart?: { element: ElementRef; payload?: Vars };
}

export interface JobSnapshot {
  key: string;
  type: string;
  state: JobState;
  retries: number;
  elementInstance: string;
  /** only when they differ from the element's task headers (they never do today) */
  customHeaders?: Record<string, string>;
  worker?: string;
  deadline?: number;
  errorMessage?: string;
  /** a listener's job: its kind and event type */
  listener?: ListenerJob;
  deniedReason?: string;
}

/**
 * What resolving an incident retries (the kind of its retry data, runtime/incident-retry.ts), by what raised it:
 * the job (job incidents), the element's activation, its behaviour's onActivated, its completion, a
 * multi-instance body's handling of a completed inner instance, or nothing (an uncaught error event).
 */
export type RetryState = 'none' | 'job' | 'activate' | 'onActivated' | 'complete' | 'innerCompleted' | 'taskListeners';

export interface IncidentState {
  view: IncidentView;
  elementInstance: string;
  retry: RetryState;
  innerInstance?: string;
}

export interface MessagesState {
  nextSubscriptionId: number;
  subscriptions: [string, SubscriptionState[]][];
  buffered: [string, BufferedMessageState[]][];
  byMessageId: [string, string][];
  startEvents: [string, { definition: string; event: ElementRef }[]][];
  activeStartKeys: [string, string[]][];
  /** what the subscription searches read (runtime/message-subscription-log.ts); absent in older snapshots */
  log?: SubscriptionLogSnapshot;
}

export interface SubscriptionState {
  id: number;
  name: string;
  correlationKey: string;
  owner: string;
  event: ElementRef;
  open: boolean;
}

export interface BufferedMessageState {
  key: string;
  name: string;
  correlationKey: string;
  variables: Vars;
  deadline: number;
  messageId?: string;
  instances: string[];
  processes: string[];
}

export interface SignalsState {
  subscriptions: [string, { owner: string; event: ElementRef; open: boolean }[]][];
  startEvents: [string, { definition: string; event: ElementRef }[]][];
}

export type CycleState = { text: string; repetitions: number | 'infinite' };

/** One entry of the due queue: what it does when it fires, and when. */
export type DueState = { due: number } & (
  | { what: 'timer'; owner: string; event: ElementRef; cycle?: CycleState }
  | { what: 'startTimer'; definition: string; event: ElementRef; cycle?: CycleState }
  | { what: 'jobDeadline'; job: string }
  | { what: 'jobBackOff'; job: string }
  | { what: 'messageTtl'; message: string }
);
