/**
 * Where a process instance stands, as the API reports it (`GET /api/process-instances/{key}`). The one
 * implementation reads Camunda's Orchestration Cluster REST API (/v2 search endpoints), which the embedded
 * engine serves too, so the app reads state the same way everywhere.
 */

export interface ProcessIncident {
  key: string;
  elementId: string;
  message: string;
  /** Camunda's error type: JOB_NO_RETRIES, UNHANDLED_ERROR_EVENT, ... */
  errorType: string;
}

/** The step an instance is stuck at: where its oldest open incident was raised, and why. */
export interface FailedStep {
  elementId: string;
  /** the element's name in the model, when it has one */
  elementName?: string;
  errorType: string;
  message: string;
  incidentKey: string;
}

export interface ProcessInstanceState {
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  version?: number;
  /** ACTIVE, COMPLETED or TERMINATED (Camunda's process instance states) */
  state: string;
  startDate?: string;
  endDate?: string;
  /** ids of elements with an active instance, in the order they started, each once */
  activeElementIds: string[];
  /** ids of elements that completed, in completion order (an element completed twice appears twice) */
  completedElementIds: string[];
  /** unresolved incidents */
  incidents: ProcessIncident[];
  /** the step that failed (the oldest unresolved incident's element and error); absent while none has */
  failedStep?: FailedStep;
  /** the instance's root-scope variables */
  variables: Record<string, unknown>;
}

export interface ProcessStateReader {
  /** The instance's state, or undefined when no such instance exists. */
  read(processInstanceKey: string): Promise<ProcessInstanceState | undefined>;
  /**
   * Keys of the instances of a process (any state) whose root scope holds this variable value, oldest first.
   * Reads search results, which a cluster exports with some delay.
   */
  findInstanceKeys?(
    bpmnProcessId: string,
    variable: { name: string; value: unknown },
    options?: { activeOnly?: boolean },
  ): Promise<string[]>;
}

/** Used when no REST address is known (external gRPC-only cluster): every read answers 503. */
export class ProcessStateUnavailableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ProcessStateUnavailableError';
  }
}
