/**
 * One execution of one flow element (Zeebe's element instance), and the process instances they form.
 * The process instance is the root element instance: its key is the process instance key.
 */
import type { ProcessDefinition } from '../deployments';
import type { DueEntry } from '../due-queue';
import type { FlowElement, SequenceFlow } from '../model/process-model';

export type LifecycleState = 'ACTIVATING' | 'ACTIVATED' | 'COMPLETING' | 'COMPLETED' | 'TERMINATING' | 'TERMINATED';

/** A completed activity that can still be compensated, kept by the scope it completed in. */
export interface CompensableRecord {
  element: FlowElement;
  instanceKey: string;
  /** for completed sub-processes: the records of their own completed activities */
  nested: CompensableRecord[];
}

/**
 * An element instance: what every kind has, and the state of each kind grouped below (the groups are
 * one object: a snapshot, state/engine-snapshot.ts, reads every field by name).
 */
export interface ElementInstance
  extends ElementInstanceCore,
    WaitingState,
    ScopeState,
    GatewayState,
    MultiInstanceState,
    CallActivityState,
    CompensationState {}

/** What every element instance has: its place in the tree and in the lifecycle. */
export interface ElementInstanceCore {
  key: string;
  element: FlowElement;
  definition: ProcessDefinition;
  processInstanceKey: string;
  parent?: ElementInstance;
  state: LifecycleState;
  startDate: number;
  endDate?: number;
  endSequence?: number;
  /** active child element instances (containers) */
  children: ElementInstance[];
  /** the incident that stops it, while one does */
  incidentKey?: string;
  /** for events triggered with a payload (message, error, job): variables to merge on completion */
  payload?: Record<string, unknown>;
  /** what activates once this instance is terminated (interrupting boundary or event sub-process) */
  afterTermination?: () => void;
}

/** What an element waits on while active, closed when it is left (lifecycle.ts, leave). */
export interface WaitingState {
  /** for job-worker tasks and events with a task definition: their job; while a listener runs, its job */
  jobKey?: string;
  /** which of the element's execution listeners runs (start ones while ACTIVATING, end ones while COMPLETING) */
  listenerIndex?: number;
  /** timers and message subscriptions of the element or of the events attached to it */
  timers?: DueEntry[];
  messageSubscriptions?: object[];
}

/** For containers (process, sub-processes): what their scope holds besides active children. */
export interface ScopeState {
  /** tokens waiting at parallel and inclusive joins of this scope: gateway id → taken incoming flow ids with counts */
  joins?: Map<string, Map<string, number>>;
  /** completed activities of this scope that have compensation handlers */
  compensable?: CompensableRecord[];
  /** for job-worker ad-hoc sub-processes: a job result fulfilled the completion condition (ad-hoc-jobs.ts) */
  adHocFulfilled?: boolean;
}

export interface GatewayState {
  /** for exclusive, inclusive and event-based gateways: the flows chosen before completing */
  chosenFlows?: SequenceFlow[];
  /** for event-based gateways: the winning event's variables, handed to the event it activates */
  forwardPayload?: Record<string, unknown>;
}

export interface MultiInstanceState {
  /** for multi-instance bodies: the input collection and the next index to start (sequential) */
  loop?: { items: unknown[]; next: number };
  /** for multi-instance inner instances: inputElement and loopCounter, set before input mappings */
  loopLocals?: Record<string, unknown>;
}

export interface CallActivityState {
  /** for call activities: the child process instance */
  calledInstanceKey?: string;
}

export interface CompensationState {
  /** for compensation throw events: handlers still running */
  pendingHandlers?: number;
  /** for compensation handlers: the throw event waiting for them */
  compensationThrow?: ElementInstance;
}

export interface ProcessInstance {
  key: string;
  definition: ProcessDefinition;
  root: ElementInstance;
  /** every element instance in activation order (the element history) */
  history: ElementInstance[];
  /** the message start correlation key this instance holds, if started by a message */
  messageCorrelationKey?: string;
  startDate: number;
  endDate?: number;
  /** for instances created by a call activity */
  callActivity?: ElementInstance;
  /** the start event to activate once the root is ACTIVATED (held while an incident stops the root's activation) */
  pendingStart?: { element: FlowElement; payload?: Record<string, unknown> };
}

export const isActive = (i: ElementInstance) => i.state !== 'COMPLETED' && i.state !== 'TERMINATED';

/**
 * Appends to a list that is usually short (active children, subscriptions, history): `push` on a small
 * array reserves 17 slots (~150 bytes, mostly empty, per waiting instance), so short lists are copied to
 * their exact size; long ones grow by `push` as usual. Returns the list to store (the same one or a copy).
 */
export function appended<T>(list: T[] | undefined, item: T): T[] {
  if (!list) return [item];
  if (list.length >= 8) {
    list.push(item);
    return list;
  }
  return list.concat([item]);
}
