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
import type {
  DeployedDecision,
  DeployedDecisionRequirements,
  DeployedForm,
  Deployment,
  DeployResource,
} from './engine-deployment-types';
import type {
  ActivatedJob,
  ActivateJobsCommand,
  AdHocJobResult,
  JobChangeset,
  JobResult,
  JobStream,
} from './engine-job-types';
import type {
  ElementInstanceView,
  IncidentView,
  JobView,
  ProcessDefinitionView,
  ProcessInstanceView,
  UserTaskView,
  VariableView,
} from './engine-views';
import type { DecisionEvaluationView, DecisionLookup } from './runtime/decision-evaluations';
import type { EngineEventListener } from './runtime/engine-events';
import type { CorrelationEntry, SubscriptionEntry } from './runtime/message-subscription-log';
import type { MappingInstruction, MigrateProcessInstanceCommand, MigrationPlan } from './runtime/migration';
import type { ActivateInstruction, ModifyProcessInstanceCommand } from './runtime/modification';

export type {
  DeployedDecision,
  DeployedDecisionRequirements,
  DeployedForm,
  DeployedProcess,
  Deployment,
  DeployResource,
} from './engine-deployment-types';
export type {
  ActivatedJob,
  ActivateJobsCommand,
  AdHocJobResult,
  JobChangeset,
  JobResult,
  JobStream,
  ListenerJob,
  ListenerUserTask,
} from './engine-job-types';
export type {
  ElementInstanceState,
  ElementInstanceView,
  IncidentView,
  JobView,
  ProcessDefinitionView,
  ProcessInstanceState,
  ProcessInstanceView,
  UserTaskView,
  VariableView,
} from './engine-views';
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

export interface PublishMessageCommand {
  name: string;
  correlationKey: string;
  /** ms; 0 = correlate only to subscriptions open now */
  timeToLive: number;
  messageId?: string;
  variables?: Variables;
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
