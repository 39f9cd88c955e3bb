/**
 * The shapes of Camunda 8.8 REST v2 resources the UI reads (process instances, element instances,
 * incidents, variables, process definitions), as the engine and a cluster answer them. Apart from
 * client.ts, so code that only needs the shapes (the overlay rules, their tests) does not load the client.
 */
export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessInstance {
  processInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionName?: string;
  processDefinitionVersion: number;
  state: InstanceState;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
}

export interface ElementInstance {
  elementInstanceKey: string;
  processInstanceKey: string;
  elementId: string;
  elementName?: string;
  type: string;
  state: InstanceState;
  startDate: string;
  endDate?: string;
  hasIncident: boolean;
  incidentKey?: string;
}

export interface Incident {
  incidentKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey?: string;
  errorType: string;
  errorMessage: string;
  creationTime: string;
  state: 'ACTIVE' | 'MIGRATED' | 'RESOLVED' | 'PENDING';
  jobKey?: string;
}

export interface Variable {
  variableKey: string;
  name: string;
  /** JSON text */
  value: string;
  scopeKey: string;
  processInstanceKey: string;
  isTruncated?: boolean;
}

export interface ProcessDefinition {
  processDefinitionKey: string;
  processDefinitionId: string;
  name?: string;
  version: number;
  resourceName?: string;
  /** the none start event links a form (GET /v2/process-definitions/{key}/form) */
  hasStartForm?: boolean;
}

/** A job as Camunda 8.8's job search shows it (the fields the instance view reads). */
export interface Job {
  jobKey: string;
  type: string;
  state: string;
  retries: number;
  errorMessage?: string;
  elementId: string;
  elementInstanceKey: string;
  processInstanceKey: string;
}
