/**
 * The embedded engine's command and query surface. The gRPC gateway and the REST v2 routes translate
 * their requests into these calls and nothing else; every call is synchronous against in-memory state
 * except the ones returning promises (long-lived waits). Keys are int64 values written as decimal strings.
 * Commands that are rejected throw an EngineError (see errors.ts).
 */
import type {
  BatchItemInput,
  BatchOperationItemView,
  BatchOperationType,
  BatchOperationView,
} from './batch/batch-operation';
import type { DecisionEvaluationView, DecisionLookup } from './runtime/decision-evaluations';
import type { MappingInstruction, MigrateProcessInstanceCommand, MigrationPlan } from './runtime/migration';
import type { ActivateInstruction, ModifyProcessInstanceCommand } from './runtime/modification';
import type { EngineEventListener } from './runtime/engine-events';
import type { CorrelationEntry, SubscriptionEntry } from './runtime/message-subscription-log';

export type {
  ActivateInstruction,
  DecisionEvaluationView,
  DecisionLookup,
  MappingInstruction,
  MigrateProcessInstanceCommand,
  MigrationPlan,
  ModifyProcessInstanceCommand,
};
export type Variables = Record<string, unknown>;

export interface DeployResource {
  name: string;
  content: Buffer | string;
}

export interface DeployedProcess {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  tenantId: string;
}

/** A deployed decision (Zeebe's DecisionMetadata; REST's decision definition). */
export interface DeployedDecision {
  decisionKey: string;
  decisionId: string;
  name: string;
  version: number;
  versionTag?: string;
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  tenantId: string;
}

/** A deployed decision requirements graph: one .dmn resource (Zeebe's DecisionRequirementsMetadata). */
export interface DeployedDecisionRequirements {
  decisionRequirementsKey: string;
  decisionRequirementsId: string;
  name: string;
  version: number;
  resourceName: string;
  tenantId: string;
}

/** A deployed Camunda form: one .form resource (Zeebe's FormMetadata). */
export interface DeployedForm {
  formKey: string;
  formId: string;
  version: number;
  versionTag?: string;
  resourceName: string;
  tenantId: string;
}

export interface Deployment {
  key: string;
  processes: DeployedProcess[];
  /** the .dmn and .form resources' metadata (absent: none) */
  decisions?: DeployedDecision[];
  decisionRequirements?: DeployedDecisionRequirements[];
  forms?: DeployedForm[];
  tenantId: string;
}

export interface CreateInstanceCommand {
  bpmnProcessId?: string;
  processDefinitionKey?: string;
  /** -1 or undefined: latest version */
  version?: number;
  variables?: Variables;
  /** Element ids to start at instead of the none start event (Zeebe's startInstructions). */
  startInstructions?: { elementId: string }[];
}

export interface ProcessInstanceCreated {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
  tenantId: string;
}

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

export interface PublishMessageCommand {
  name: string;
  correlationKey: string;
  /** ms; 0 = correlate only to subscriptions open now */
  timeToLive: number;
  messageId?: string;
  variables?: Variables;
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
export type ElementInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessInstanceView {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  state: ProcessInstanceState;
  startDate: number;
  endDate?: number;
  hasIncident: boolean;
  parentProcessInstanceKey?: string;
  parentElementInstanceKey?: string;
  tenantId: string;
}

export interface ElementInstanceView {
  key: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementName?: string;
  /** Camunda's element type names: PROCESS, SERVICE_TASK, START_EVENT, BOUNDARY_EVENT, ... */
  type: string;
  state: ElementInstanceState;
  flowScopeKey?: string;
  startDate: number;
  endDate?: number;
  /** Embedded-engine extension: increases with every element that completes or terminates, so ties in endDate still sort in true order. */
  endSequence?: number;
  incidentKey?: string;
  tenantId: string;
}

export interface IncidentView {
  key: string;
  /** Camunda's error types: JOB_NO_RETRIES, UNHANDLED_ERROR_EVENT, EXTRACT_VALUE_ERROR, IO_MAPPING_ERROR, CONDITION_ERROR, ... */
  errorType: string;
  errorMessage: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  jobKey?: string;
  state: 'ACTIVE' | 'RESOLVED';
  creationTime: number;
  tenantId: string;
}

export interface VariableView {
  key: string;
  name: string;
  value: unknown;
  /** element instance (or process instance) key the variable lives on */
  scopeKey: string;
  processInstanceKey: string;
  tenantId: string;
}

export interface JobView {
  key: string;
  type: string;
  state: 'CREATED' | 'ACTIVATED' | 'FAILED' | 'COMPLETED' | 'CANCELED' | 'ERROR_THROWN';
  retries: number;
  worker?: string;
  deadline?: number;
  errorMessage?: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  customHeaders: Record<string, string>;
  tenantId: string;
  listener?: ListenerJob;
  /** an ad-hoc sub-process's own job (job-worker implementation) */
  kind?: 'AD_HOC_SUB_PROCESS';
  /** a task listener's job that denied its transition: the reason */
  deniedReason?: string;
}

/** A Camunda user task (zeebe:userTask) as the REST API shows it; times are epoch ms. */
export interface UserTaskView {
  userTaskKey: string;
  name?: string;
  state: 'CREATING' | 'CREATED' | 'ASSIGNING' | 'UPDATING' | 'COMPLETING' | 'COMPLETED' | 'CANCELING' | 'CANCELED';
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  tenantId: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate?: string;
  followUpDate?: string;
  priority: number;
  formKey?: string;
  externalFormReference?: string;
  customHeaders: Record<string, string>;
  creationDate: number;
  completionDate?: number;
}

export interface UserTaskChangeset {
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateGroups?: string[] | null;
  candidateUsers?: string[] | null;
  priority?: number | null;
}

/** The user task commands, as the journal records them. */
export type UserTaskCommand =
  | { op: 'complete'; key: string; variables: Variables }
  | { op: 'assign'; key: string; assignee: string; allowOverride: boolean }
  | { op: 'unassign'; key: string }
  | { op: 'update'; key: string; changeset: UserTaskChangeset };

export interface ProcessDefinitionView {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  name?: string;
  resourceName: string;
  tenantId: string;
  deploymentKey: string;
  /** formId of the form linked to the none start event (the start form; Camunda's hasStartForm) */
  startFormId?: string;
}

export interface EngineApi {
  readonly clock: {
    now(): number;
    /** Pin the clock to an epoch ms; due timers fire in order. */
    pin(timestamp: number): void;
    /** Move the clock forward by ms; due timers fire in order. */
    advance(ms: number): void;
    /** Back to system time. */
    reset(): void;
  };

  // deployment
  /** Parses and validates every resource first; nothing is deployed when one is rejected. */
  deploy(resources: DeployResource[]): Promise<Deployment>;
  /** Deletes a process definition: no new instances; running ones finish; the previous version becomes latest. */
  deleteResource(resourceKey: string): void;

  // process instances
  createProcessInstance(cmd: CreateInstanceCommand): ProcessInstanceCreated;
  /** Resolves with the root variables once the instance completes; rejects DEADLINE_EXCEEDED after timeoutMs. */
  awaitCompletion(processInstanceKey: string, timeoutMs: number, fetchVariables?: string[]): Promise<Variables>;
  /**
   * Resolves once a user task's lifecycle transition is through its task listeners (at once when none runs);
   * rejects with Zeebe's INVALID_STATE rejection when a listener denied it.
   */
  awaitUserTaskTransition(userTaskKey: string): Promise<void>;
  cancelProcessInstance(processInstanceKey: string): void;
  setVariables(elementInstanceKey: string, variables: Variables, local: boolean): { key: string };
  /** Activates elements and terminates element instances of a running instance (Zeebe's ModifyProcessInstance). */
  modifyProcessInstance?(cmd: ModifyProcessInstanceCommand): Record<string, never>;
  /** Moves a running instance to another process definition (Zeebe's MigrateProcessInstance). */
  migrateProcessInstance?(cmd: MigrateProcessInstanceCommand): Record<string, never>;

  // jobs
  activateJobs(cmd: ActivateJobsCommand): ActivatedJob[];
  /** Calls listener whenever jobs of this type may have become activatable. Returns an unsubscribe. */
  onJobsAvailable(type: string, listener: () => void): () => void;
  /** Registers a job stream (StreamActivatedJobs): new jobs of its type are pushed to it. Returns a close. */
  openJobStream(stream: JobStream): () => void;
  completeJob(jobKey: string, variables?: Variables): void;
  /** CompleteJob with a `result` (REST `result` of type userTask): a task listener's denial or corrections. */
  completeJobWithResult(jobKey: string, variables: Variables | undefined, result: JobResult): void;
  /** Completes an ad-hoc sub-process's job with its decision (REST `result` of type adHocSubProcess). */
  completeAdHocJob(jobKey: string, variables: Variables | undefined, result: AdHocJobResult): void;
  failJob(jobKey: string, retries: number, errorMessage: string, retryBackOffMs: number, variables?: Variables): void;
  throwError(jobKey: string, errorCode: string, errorMessage: string, variables?: Variables): void;
  updateJobRetries(jobKey: string, retries: number): void;
  updateJobTimeout(jobKey: string, timeoutMs: number): void;
  /** REST `PATCH /v2/jobs/{key}` (Zeebe's job UPDATE): retries and timeout together, all or nothing. */
  updateJob(jobKey: string, changeset: JobChangeset): void;

  // messages, signals and incidents
  publishMessage(cmd: PublishMessageCommand): { key: string };
  /** Correlates now to one subscription or message start event, or fails with NOT_FOUND; never buffers. */
  correlateMessage(
    name: string,
    correlationKey: string,
    variables?: Variables,
  ): { key: string; processInstanceKey: string };
  broadcastSignal(signalName: string, variables?: Variables): { key: string };
  /** Activates inner elements of an active ad-hoc sub-process instance (each with its own local variables). */
  activateAdHocActivities(
    adHocSubProcessInstanceKey: string,
    elements: { elementId: string; variables?: Variables }[],
    cancelRemainingInstances?: boolean,
  ): void;
  /** Starts an instance at each root-level conditional start event that is true for `variables` (8.9). */
  evaluateConditionals(
    variables: Variables,
    processDefinitionKey?: string,
  ): { key: string; processInstances: { processDefinitionKey: string; processInstanceKey: string }[] };
  /** Evaluates a decision (its key, or its id's latest version); NOT_FOUND when there is none. */
  evaluateDecision(lookup: DecisionLookup, variables?: Variables): DecisionEvaluationView;
  resolveIncident(incidentKey: string): void;

  // Camunda user tasks (zeebe:userTask)
  completeUserTask(userTaskKey: string, variables?: Variables): void;
  assignUserTask(userTaskKey: string, assignee: string, allowOverride: boolean): void;
  unassignUserTask(userTaskKey: string): void;
  updateUserTask(userTaskKey: string, changeset: UserTaskChangeset): void;

  /**
   * Why the engine takes no commands now (its journal could not be written, or the free disk space is below
   * its minimum), or undefined while it is healthy. The gateways report the partition UNHEALTHY then, as
   * Zeebe does when its disk is full.
   */
  haltedBecause(): string | undefined;

  // queries (the REST v2 search endpoints and the test toolkit read through these)
  getProcessInstance(key: string): ProcessInstanceView | undefined;
  listProcessInstances(): Iterable<ProcessInstanceView>;
  listElementInstances(processInstanceKey?: string): Iterable<ElementInstanceView>;
  listIncidents(): Iterable<IncidentView>;
  listVariables(processInstanceKey?: string): Iterable<VariableView>;
  listJobs(): Iterable<JobView>;
  listUserTasks(): Iterable<UserTaskView>;
  listProcessDefinitions(): Iterable<ProcessDefinitionView>;
  getProcessDefinitionXml(processDefinitionKey: string): string | undefined;
  /** ids of the sequence flows an instance took, once each (Camunda 8.8's sequence-flows endpoint) */
  takenSequenceFlows?(processInstanceKey: string): string[];
  /** deployed decisions, DRGs (with their DMN XML) and forms (with their JSON), deleted ones left out */
  listDecisionDefinitions?(): Iterable<DeployedDecision>;
  listDecisionRequirements?(): Iterable<DeployedDecisionRequirements>;
  getDecisionRequirementsXml?(decisionRequirementsKey: string): string | undefined;
  listForms?(): Iterable<DeployedForm & { schema: string }>;
  /** decision evaluations, each with its decision instances */
  listDecisionEvaluations?(): Iterable<DecisionEvaluationView>;

  /** resolves once every command accepted so far is on the journal (at once for an in-memory engine) */
  durable?(): Promise<void>;

  // batch operations (batch/): created with their items, applied in the background in bounded slices
  createBatchOperation?(
    type: BatchOperationType,
    items: BatchItemInput[],
    payload?: unknown,
  ): { batchOperationKey: string; batchOperationType: BatchOperationType };
  suspendBatchOperation?(batchOperationKey: string): void;
  resumeBatchOperation?(batchOperationKey: string): void;
  cancelBatchOperation?(batchOperationKey: string): void;
  listBatchOperations?(): Iterable<BatchOperationView>;
  listBatchOperationItems?(): Iterable<BatchOperationItemView>;

  /** process message subscriptions with their latest state, and the correlations (runtime/message-subscription-log.ts) */
  listMessageSubscriptions?(): Iterable<SubscriptionEntry>;
  listCorrelatedMessageSubscriptions?(): Iterable<CorrelationEntry>;

  /** What the engine itself does (runtime/engine-events.ts), for its metrics; returns the listener's removal. */
  onEngineEvent?(listener: EngineEventListener): () => void;
}
