/**
 * The UI's one door to the server. The app's own API (/api: models, save, deploy) and the Camunda 8.8
 * Orchestration Cluster REST API (/v2: instances, element instances, incidents, variables, jobs), which the
 * app serves from the same origin (it forwards /v2 to the engine's REST port or the cluster). Views call only
 * these functions, so where the data comes from can change here alone.
 */
import type { ElementInstance, Incident, Job, ProcessDefinition, ProcessInstance, Variable } from './camunda-types';
import { request, requestJson } from './http';

/** Base URLs; relative, so the UI works wherever the app serves it. */
const API = import.meta.env.VITE_BATON_API_BASE ?? './api';
const V2 = import.meta.env.VITE_CAMUNDA_REST_BASE ?? './v2';
const enc = encodeURIComponent;

// ---- the app's API -------------------------------------------------------------------------------------

export interface ModelSummary {
  name: string;
  /** bpmn (absent from older servers), dmn or form */
  kind?: 'bpmn' | 'dmn' | 'form';
  fileName: string;
  size: number;
  modifiedAt: string;
  /** saved with lint errors: not deployable yet */
  draft?: true;
}

export interface LintProblem {
  rule: string;
  elementId?: string;
  message: string;
  category: 'error' | 'warn' | 'info';
}

export interface ModelSaved {
  name: string;
  created: boolean;
  etag: string;
  warnings: LintProblem[];
  /** saved as a draft with lint errors: Deploy refuses it until a clean save */
  draft?: true;
  problems?: LintProblem[];
}

export interface Deployment {
  deploymentKey: string;
  processes: { bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string }[];
  decisions?: { decisionId: string; version: number; decisionKey: string; decisionRequirementsId: string }[];
  forms?: { formId: string; version: number; formKey: string }[];
}

export async function checkHealth(signal?: AbortSignal): Promise<void> {
  await request('./health', { signal, accept: 'application/json' });
}

/** A task type the app has a worker for (GET /api/job-types): the app's own type, so the two cannot drift. */
import type { JobType } from '../../../src/app/models/job-types';

export type { JobType };

export function listJobTypes(): Promise<JobType[]> {
  return requestJson<JobType[]>(`${API}/job-types`);
}

export async function listModels(): Promise<ModelSummary[]> {
  const models = await requestJson<(ModelSummary | string)[]>(`${API}/models`);
  // older servers answered with plain names
  return models.map((m) => (typeof m === 'string' ? { name: m, fileName: `${m}.bpmn`, size: 0, modifiedAt: '' } : m));
}

export async function getModel(name: string): Promise<{ xml: string; etag?: string }> {
  const response = await request(`${API}/models/${enc(name)}`, { accept: 'application/xml' });
  return { xml: await response.text(), etag: response.headers.get('ETag') ?? undefined };
}

/** Lints and saves; with the ETag read earlier, the server refuses (412) to overwrite someone else's change. */
export function saveModel(name: string, xml: string, ifMatch?: string): Promise<ModelSaved> {
  return requestJson<ModelSaved>(`${API}/models/${enc(name)}`, {
    method: 'PUT',
    text: xml,
    contentType: 'application/xml',
    headers: ifMatch ? { 'If-Match': ifMatch } : {},
  });
}

export function deployModel(name: string): Promise<Deployment> {
  return requestJson<Deployment>(`${API}/models/${enc(name)}/deployment`, { method: 'POST' });
}

/** A decision (`name.dmn`) or form (`name.form`) is sent as XML or JSON; the model's label names it. */
const contentTypeOf = (label: string) => (label.endsWith('.form') ? 'application/json' : 'application/xml');

/** Saves a decision or form: like saveModel, with the content type of its kind. */
export function saveDocument(label: string, text: string, ifMatch?: string): Promise<ModelSaved> {
  return requestJson<ModelSaved>(`${API}/models/${enc(label)}`, {
    method: 'PUT',
    text,
    contentType: contentTypeOf(label),
    headers: ifMatch ? { 'If-Match': ifMatch } : {},
  });
}

/** The problems a save would report (the engine's deploy checks), without saving. */
export function checkDocument(label: string, text: string): Promise<{ problems: LintProblem[] }> {
  return requestJson<{ problems: LintProblem[] }>(`${API}/models/${enc(label)}/check`, {
    method: 'POST',
    text,
    contentType: contentTypeOf(label),
  });
}

// ---- Camunda REST v2 -----------------------------------------------------------------------------------

export type {
  ElementInstance,
  Incident,
  InstanceState,
  Job,
  ProcessDefinition,
  ProcessInstance,
  Variable,
} from './camunda-types';

export interface SearchPage<T> {
  items: T[];
  /** Camunda 8.8 cursors: `page.after: endCursor` is the next page, `page.before: startCursor` the previous */
  page: { totalItems: number; startCursor?: string; endCursor?: string };
}

export interface SearchQuery {
  filter?: Record<string, unknown>;
  sort?: { field: string; order?: 'ASC' | 'DESC' }[];
  page?: { from?: number; limit?: number; after?: string; before?: string };
}

export function search<T>(path: string, query: SearchQuery): Promise<SearchPage<T>> {
  return requestJson<SearchPage<T>>(`${V2}/${path}/search`, { method: 'POST', body: query });
}

export async function searchProcessInstances(query: SearchQuery): Promise<SearchPage<ProcessInstance>> {
  return search<ProcessInstance>('process-instances', query);
}

export function getProcessInstance(key: string): Promise<ProcessInstance> {
  return requestJson<ProcessInstance>(`${V2}/process-instances/${enc(key)}`);
}

export async function searchProcessDefinitions(query: SearchQuery = {}): Promise<ProcessDefinition[]> {
  return (await search<ProcessDefinition>('process-definitions', { page: { limit: 1000 }, ...query })).items;
}

export async function getProcessDefinitionXml(processDefinitionKey: string): Promise<string> {
  const response = await request(`${V2}/process-definitions/${enc(processDefinitionKey)}/xml`, { accept: 'text/xml' });
  return response.text();
}

/** Every element instance of a process instance, oldest first (the element history). */
export async function elementInstancesOf(processInstanceKey: string): Promise<ElementInstance[]> {
  const page = await search<ElementInstance>('element-instances', {
    filter: { processInstanceKey },
    sort: [{ field: 'startDate', order: 'ASC' }],
    page: { limit: 10_000 },
  });
  return page.items;
}

export async function incidentsOf(processInstanceKey: string): Promise<Incident[]> {
  const page = await search<Incident>('incidents', {
    filter: { processInstanceKey },
    sort: [{ field: 'creationTime', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return page.items;
}

export async function variablesOf(processInstanceKey: string): Promise<Variable[]> {
  const page = await search<Variable>('variables', {
    filter: { processInstanceKey },
    sort: [{ field: 'name', order: 'ASC' }],
    page: { limit: 1000 },
  });
  return page.items;
}

/** The instance's jobs (POST /v2/jobs/search): a failed job's retries and last error. */
export async function jobsOf(processInstanceKey: string): Promise<Job[]> {
  const page = await search<Job>('jobs', { filter: { processInstanceKey }, page: { limit: 1000 } });
  return page.items;
}

/**
 * BPMN ids of the sequence flows the instance took (Camunda 8.8: GET /v2/process-instances/{key}/sequence-flows).
 * The BPMN id is `elementId`: Camunda's `sequenceFlowId` is "<processInstanceKey>_<flowId>".
 * undefined when the server does not offer the endpoint; callers then derive them from element history.
 */
let sequenceFlowsUnsupported = false;
export async function sequenceFlowsOf(processInstanceKey: string): Promise<string[] | undefined> {
  if (sequenceFlowsUnsupported) return undefined;
  try {
    const body = await requestJson<{ items?: { elementId?: string }[] }>(
      `${V2}/process-instances/${enc(processInstanceKey)}/sequence-flows`,
    );
    return (body.items ?? []).flatMap((flow) => (flow.elementId ? [flow.elementId] : []));
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 404 || status === 405 || status === 501) {
      sequenceFlowsUnsupported = true;
      return undefined;
    }
    throw err;
  }
}

export function createProcessInstance(
  processDefinitionId: string,
  variables: Record<string, unknown>,
): Promise<{ processInstanceKey: string; processDefinitionKey: string; processDefinitionVersion?: number }> {
  return requestJson(`${V2}/process-instances`, { method: 'POST', body: { processDefinitionId, variables } });
}

export async function cancelProcessInstance(processInstanceKey: string): Promise<void> {
  await request(`${V2}/process-instances/${enc(processInstanceKey)}/cancellation`, { method: 'POST', body: {} });
}

/** Operate's modification: terminate element instances and activate elements in one request (a move). */
export async function modifyProcessInstance(
  processInstanceKey: string,
  body: { terminateInstructions?: { elementInstanceKey: string }[]; activateInstructions?: { elementId: string }[] },
): Promise<void> {
  await request(`${V2}/process-instances/${enc(processInstanceKey)}/modification`, { method: 'POST', body });
}

/** Operate's migration: the instance moves to another definition, each active element as mapped. */
export async function migrateProcessInstance(
  processInstanceKey: string,
  body: {
    targetProcessDefinitionKey: string;
    mappingInstructions: { sourceElementId: string; targetElementId: string }[];
  },
): Promise<void> {
  await request(`${V2}/process-instances/${enc(processInstanceKey)}/migration`, { method: 'POST', body });
}

export async function updateJobRetries(jobKey: string, retries: number): Promise<void> {
  await request(`${V2}/jobs/${enc(jobKey)}`, { method: 'PATCH', body: { changeset: { retries } } });
}

/** Sets variables on a scope: the process instance's key for its own variables, an element instance's for local ones. */
export async function setVariables(scopeKey: string, variables: Record<string, unknown>): Promise<void> {
  await request(`${V2}/element-instances/${enc(scopeKey)}/variables`, {
    method: 'PUT',
    body: { variables, local: true },
  });
}

export async function resolveIncident(incidentKey: string): Promise<void> {
  await request(`${V2}/incidents/${enc(incidentKey)}/resolution`, { method: 'POST', body: {} });
}
