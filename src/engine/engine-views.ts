/**
 * The read views of the engine's state (process instances, element instances, incidents, variables, jobs,
 * user tasks, process definitions) as the query calls of EngineApi return them; times are epoch ms.
 */
import type { ListenerJob } from './engine-job-types';

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
