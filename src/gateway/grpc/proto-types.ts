/**
 * The shapes of the Zeebe gateway messages as @grpc/proto-loader hands them to us and takes them back
 * (see proto.ts: field names as in zeebe.proto, int64 as decimal strings, enums as names, defaults filled).
 * Only the messages of the RPCs this gateway serves are written out.
 */

/** int64 on the wire; proto-loader gives strings in, and accepts strings out. */
export type Int64 = string;

export interface ActivateJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  maxJobsToActivate: number;
  fetchVariable: string[];
  requestTimeout: Int64;
  tenantIds: string[];
}

export interface StreamActivatedJobsRequest {
  type: string;
  worker: string;
  timeout: Int64;
  fetchVariable: string[];
  tenantIds: string[];
}

export interface GrpcActivatedJob {
  key: Int64;
  type: string;
  processInstanceKey: Int64;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: Int64;
  elementId: string;
  elementInstanceKey: Int64;
  customHeaders: string;
  worker: string;
  retries: number;
  deadline: Int64;
  variables: string;
  tenantId: string;
}

export interface ActivateJobsResponse {
  jobs: GrpcActivatedJob[];
}

export interface CreateProcessInstanceRequest {
  processDefinitionKey: Int64;
  bpmnProcessId: string;
  version: number;
  variables: string;
  startInstructions: { elementId: string }[];
  tenantId: string;
}

export interface CreateProcessInstanceWithResultRequest {
  request: CreateProcessInstanceRequest | null;
  requestTimeout: Int64;
  fetchVariables: string[];
}

export interface DeployResourceRequest {
  resources: { name: string; content: Buffer }[];
  tenantId: string;
}

export interface DeployProcessRequest {
  processes: { name: string; definition: Buffer }[];
}

export interface CancelProcessInstanceRequest {
  processInstanceKey: Int64;
}

export interface CompleteJobRequest {
  jobKey: Int64;
  variables: string;
}

export interface FailJobRequest {
  jobKey: Int64;
  retries: number;
  errorMessage: string;
  retryBackOff: Int64;
  variables: string;
}

export interface ThrowErrorRequest {
  jobKey: Int64;
  errorCode: string;
  errorMessage: string;
  variables: string;
}

export interface PublishMessageRequest {
  name: string;
  correlationKey: string;
  timeToLive: Int64;
  messageId: string;
  variables: string;
  tenantId: string;
}

export interface ResolveIncidentRequest {
  incidentKey: Int64;
}

export interface SetVariablesRequest {
  elementInstanceKey: Int64;
  variables: string;
  local: boolean;
}

export interface UpdateJobRetriesRequest {
  jobKey: Int64;
  retries: number;
}

export interface UpdateJobTimeoutRequest {
  jobKey: Int64;
  timeout: Int64;
}

export interface DeleteResourceRequest {
  resourceKey: Int64;
}

export interface BroadcastSignalRequest {
  signalName: string;
  variables: string;
  tenantId: string;
}

export interface EvaluateDecisionRequest {
  decisionKey: Int64;
  decisionId: string;
  variables: string;
  tenantId: string;
}

export interface ModifyProcessInstanceRequest {
  processInstanceKey: Int64;
  activateInstructions: {
    elementId: string;
    ancestorElementInstanceKey: Int64;
    variableInstructions: { variables: string; scopeId: string }[];
  }[];
  terminateInstructions: { elementInstanceKey: Int64 }[];
}

export interface MigrateProcessInstanceRequest {
  processInstanceKey: Int64;
  migrationPlan?: {
    targetProcessDefinitionKey: Int64;
    mappingInstructions: { sourceElementId: string; targetElementId: string }[];
  };
}
