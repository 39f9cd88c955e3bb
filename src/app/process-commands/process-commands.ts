/**
 * What the API asks of Zeebe: start or cancel an instance, publish a message, deploy a model, check the gateway.
 * Routes depend on this interface; zeebe-process-commands.ts implements it over the SDK's ZeebeGrpcClient.
 * Rejections carry Zeebe's gRPC status name so routes can answer 404/409/422/503 as fits.
 */

export type ZeebeStatus =
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'UNKNOWN';

export class ZeebeCommandError extends Error {
  constructor(
    readonly status: ZeebeStatus,
    /** Zeebe's own explanation (the gRPC status details) */
    readonly details: string,
  ) {
    super(`${status}: ${details}`);
    this.name = 'ZeebeCommandError';
  }
}

/**
 * Whether a command that failed may have been applied all the same: its answer did not come in time
 * (DEADLINE_EXCEEDED), which says nothing about whether the broker processed it.
 */
export function mayHaveBeenApplied(err: unknown): boolean {
  return err instanceof ZeebeCommandError && err.status === 'DEADLINE_EXCEEDED';
}

export interface StartedInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
}

export interface PublishMessage {
  name: string;
  correlationKey: string;
  /** ms the broker buffers the message for subscriptions opened later; 0: only current subscriptions */
  timeToLiveMs: number;
  variables?: Record<string, unknown>;
  messageId?: string;
}

export interface DeployedModel {
  deploymentKey: string;
  processes: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string }[];
  /** the decisions of deployed .dmn resources (absent: none) */
  decisions?: { decisionId: string; version: number; decisionKey: string; decisionRequirementsId: string }[];
  /** the forms of deployed .form resources (absent: none) */
  forms?: { formId: string; version: number; formKey: string }[];
}

export interface ProcessCommands {
  startProcess(bpmnProcessId: string, variables: Record<string, unknown>): Promise<StartedInstance>;
  /** Cancels a running instance (terminates it without compensation, as Zeebe's CancelProcessInstance does). */
  cancelProcess(processInstanceKey: string): Promise<void>;
  publishMessage(message: PublishMessage): Promise<{ messageKey: string }>;
  deploy(resources: { name: string; content: Buffer }[]): Promise<DeployedModel>;
  /** Resolves when the gateway answers (Topology). */
  ping(): Promise<void>;
}
