/**
 * The process-test toolkit's only way into a cluster: Camunda 8.8's REST v2 API, so the same tests run on
 * the embedded engine and on a real Camunda. Reads: `GET /v2/process-instances/{key}`,
 * `POST /v2/element-instances/search`, `/v2/incidents/search`, `/v2/variables/search`,
 * `GET /v2/process-instances/{key}/sequence-flows`. Commands: `PUT /v2/clock`, `POST /v2/clock/reset`,
 * `POST /v2/jobs/activation`, `/v2/jobs/{key}/completion|failure|error`.
 *
 * Requests are plain fetch() with bodies typed by @camunda8/orchestration-cluster-api; that package's client
 * supplies only the auth headers (NONE, BASIC or OAuth client credentials from the environment in either
 * spelling, cluster-credentials.ts; tokens cached), because its generated operations do more per call than a
 * bare fetch and assertions poll. The calls themselves are in rest-call.ts.
 */
import type {
  ClockPinRequest,
  ElementInstanceSearchQuery,
  IncidentSearchQuery,
  JobActivationRequest,
  JobCompletionRequest,
  JobErrorRequest,
  JobFailRequest,
  ProcessInstanceSequenceFlowResult,
  VariableSearchQuery,
} from '@camunda8/orchestration-cluster-api';
import { parseJson, type RestApiOptions, type RestCallError, type RestCaller, restCaller } from './rest-call';
import { scenarioCommands } from './rest-commands';

/** `GET /v2/process-instances/{key}` (ProcessInstanceResult, the fields the toolkit uses). */
export interface ProcessInstanceItem {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | string;
  hasIncident?: boolean;
  startDate?: string;
  endDate?: string;
}

/** One row of `POST /v2/element-instances/search` (ElementInstanceResult). */
export interface ElementInstanceItem {
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionId: string;
  elementId: string;
  elementName?: string;
  type: string;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED' | string;
  startDate?: string;
  endDate?: string;
  incidentKey?: string;
}

/** One row of `POST /v2/incidents/search` (IncidentResult). */
export interface IncidentItem {
  incidentKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey?: string;
  errorType: string;
  errorMessage: string;
  state: string;
  jobKey?: string;
}

/** One job of `POST /v2/jobs/activation` (ActivatedJobResult). */
export interface ActivatedJobItem {
  jobKey: string;
  type: string;
  processInstanceKey: string;
  processDefinitionId?: string;
  elementId: string;
  retries: number;
  variables: Record<string, unknown>;
}

export type { RestApiOptions };

export type RestApi = ReturnType<typeof createRestApi>;

export function createRestApi(options: RestApiOptions) {
  const rest = restCaller(options);
  return {
    restAddress: options.restAddress,
    ...instanceReads(rest),
    ...clockAndJobCommands(rest),
    ...scenarioCommands(rest),
  };
}

/** Reads from secondary storage (they lag behind the engine's writes): instances, their elements, incidents, variables. */
function instanceReads({ request, searchAll }: RestCaller) {
  return {
    /** undefined while the instance is not (yet) in secondary storage */
    async processInstance(processInstanceKey: string): Promise<ProcessInstanceItem | undefined> {
      try {
        return await request<ProcessInstanceItem>('GET', `/process-instances/${processInstanceKey}`);
      } catch (err) {
        if ((err as RestCallError).status === 404) return undefined;
        throw err;
      }
    },

    /** All element instances of the instance by key (Camunda stores none for the process itself). */
    elementInstances(processInstanceKey: string): Promise<ElementInstanceItem[]> {
      const query: Omit<ElementInstanceSearchQuery, 'page'> = {
        filter: { processInstanceKey } as ElementInstanceSearchQuery['filter'],
        sort: [{ field: 'elementInstanceKey', order: 'ASC' }],
      };
      return searchAll<ElementInstanceItem>('/element-instances/search', query);
    },

    incidents(processInstanceKey: string): Promise<IncidentItem[]> {
      return this.searchIncidents({ processInstanceKey });
    },

    /** Incidents matching a v2 incident filter, e.g. { state: 'ACTIVE', processDefinitionId }. */
    searchIncidents(filter: Record<string, unknown>): Promise<IncidentItem[]> {
      const query: Omit<IncidentSearchQuery, 'page'> = { filter: filter as IncidentSearchQuery['filter'] };
      return searchAll<IncidentItem>('/incidents/search', query);
    },

    /** The instance's own (process-scope) variables, values parsed from their JSON text. */
    async variables(processInstanceKey: string): Promise<Record<string, unknown>> {
      const query: Omit<VariableSearchQuery, 'page'> = {
        filter: { processInstanceKey, scopeKey: processInstanceKey } as VariableSearchQuery['filter'],
      };
      // full values: truncateValues is a query parameter in 8.8
      const items = await searchAll<{ name: string; value: string }>('/variables/search?truncateValues=false', query);
      return Object.fromEntries(items.map((v) => [v.name, parseJson(v.value)]));
    },

    /**
     * The BPMN ids of the sequence flows the instance took (`GET .../sequence-flows`, Camunda 8.8); undefined
     * when the server does not offer the endpoint, so coverage falls back to deriving flows. The BPMN id is
     * `elementId`: Camunda's `sequenceFlowId` is "<processInstanceKey>_<flowId>".
     */
    async takenSequenceFlows(processInstanceKey: string): Promise<string[] | undefined> {
      try {
        const result = await request<{ items?: Pick<ProcessInstanceSequenceFlowResult, 'elementId'>[] }>(
          'GET',
          `/process-instances/${processInstanceKey}/sequence-flows`,
        );
        return (result.items ?? []).flatMap((f) => (f.elementId ? [String(f.elementId)] : []));
      } catch (err) {
        const status = (err as RestCallError).status;
        if (status === 404 || status === 501) return undefined;
        throw err;
      }
    },
  };
}

/** The commands a test sends: pinning the clock, and acting as the worker of a job. */
function clockAndJobCommands({ request }: RestCaller) {
  return {
    async pinClock(timestamp: number): Promise<void> {
      const body: ClockPinRequest = { timestamp };
      await request('PUT', '/clock', body);
    },

    async resetClock(): Promise<void> {
      await request('POST', '/clock/reset');
    },

    async activateJobs(type: string, maxJobsToActivate: number, requestTimeoutMs: number): Promise<ActivatedJobItem[]> {
      const body: JobActivationRequest = {
        type,
        worker: 'process-test',
        timeout: 60_000,
        maxJobsToActivate,
        requestTimeout: requestTimeoutMs,
      };
      const result = await request<{ jobs?: ActivatedJobItem[] }>('POST', '/jobs/activation', body);
      return (result?.jobs ?? []).map((job) => ({
        ...job,
        jobKey: String(job.jobKey),
        processInstanceKey: String(job.processInstanceKey),
        variables:
          typeof job.variables === 'string' ? (parseJson(job.variables) as Record<string, unknown>) : job.variables,
      }));
    },

    async completeJob(jobKey: string, variables: Record<string, unknown>): Promise<void> {
      const body: JobCompletionRequest = { variables };
      await request('POST', `/jobs/${jobKey}/completion`, body);
    },

    /** Fails a job as a worker would: with no retries left the engine raises an incident. */
    async failJob(jobKey: string, errorMessage: string, retries: number): Promise<void> {
      const body: JobFailRequest = { retries, errorMessage, retryBackOff: 0 };
      await request('POST', `/jobs/${jobKey}/failure`, body);
    },

    /** Hands a job back untouched: same retries, no back-off (used when the helper took another instance's job). */
    async returnJob(job: ActivatedJobItem): Promise<void> {
      const body: JobFailRequest = {
        retries: job.retries,
        retryBackOff: 0,
        errorMessage: 'handed back by process-test',
      };
      await request('POST', `/jobs/${job.jobKey}/failure`, body);
    },

    async throwJobError(
      jobKey: string,
      errorCode: string,
      errorMessage: string | undefined,
      variables: Record<string, unknown>,
    ): Promise<void> {
      const body: JobErrorRequest = { errorCode, errorMessage, variables };
      await request('POST', `/jobs/${jobKey}/error`, body);
    },
  };
}
