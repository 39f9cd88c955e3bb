/**
 * ProcessStateReader over Camunda's REST v2 API with @camunda8/orchestration-cluster-api:
 * `GET /v2/process-instances/{key}`, then `POST /v2/element-instances/search`, `/v2/incidents/search` and
 * `/v2/variables/search` filtered by the instance, every page of each. Completion order comes from the
 * element instances' endDate, ties broken by key (which grows with creation), as Camunda's own endDate sort.
 */
import { createCamundaClientLoose } from '@camunda8/orchestration-cluster-api';
import {
  type FailedStep,
  type ProcessIncident,
  type ProcessInstanceState,
  type ProcessStateReader,
  ProcessStateUnavailableError,
} from './process-state-reader';

export interface CamundaRestStateReaderOptions {
  /** e.g. http://localhost:8080 (with or without /v2) */
  restAddress: string;
  /** NONE for the embedded engine; OAUTH/BASIC settings come from the CAMUNDA_* environment variables */
  authStrategy?: 'NONE' | 'OAUTH' | 'BASIC';
  /** explicit CAMUNDA_CLIENT_ID/SECRET, CAMUNDA_OAUTH_URL, ... (otherwise the client reads the environment) */
  credentials?: Record<string, string>;
  /** page size for the searches (Camunda caps it; 1000 keeps most instances to one call) */
  pageSize?: number;
}

interface ProcessInstanceItem {
  processInstanceKey: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersion?: number;
  state: string;
  startDate?: string;
  endDate?: string;
}

interface ElementInstanceItem {
  elementInstanceKey: string;
  elementId: string;
  elementName?: string;
  type?: string;
  state: string;
  startDate?: string;
  endDate?: string;
}

interface IncidentItem {
  incidentKey: string;
  elementId: string;
  errorMessage?: string;
  errorType?: string;
  state?: string;
}

interface VariableItem {
  name: string;
  value: string;
  scopeKey: string;
  processInstanceKey?: string;
}

interface SearchPage<T> {
  items: T[];
  page?: { totalItems?: number };
}

/**
 * Each read once, as it is now. Not `{ consistency: { waitUpToMs: 0 } }`: any `consistency` sends the call
 * through the client's eventualPoll, which re-reads its settings from process.env alone, without the explicit
 * ones given here, so with CAMUNDA_AUTH_STRATEGY=OAUTH in the environment but the client id under its
 * ZEEBE_CLIENT_* spelling every read failed with CONFIG_MISSING_REQUIRED. Bounded waits belong in a loop of
 * this reader's, not in eventualPoll.
 */
const NO_WAIT = {} as { consistency: { waitUpToMs: 0 } };
const MAX_PAGES = 100;

/** Compares numeric key strings (int64) without losing precision. */
function compareKeys(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function time(value: string | undefined): number {
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

export function completionOrder(a: ElementInstanceItem, b: ElementInstanceItem): number {
  return time(a.endDate) - time(b.endDate) || compareKeys(a.elementInstanceKey, b.elementInstanceKey);
}

function startOrder(a: ElementInstanceItem, b: ElementInstanceItem): number {
  return time(a.startDate) - time(b.startDate) || compareKeys(a.elementInstanceKey, b.elementInstanceKey);
}

/** Variable values travel as JSON text; a value that is not JSON is kept as the text. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isNotFound(err: unknown): boolean {
  return (err as { status?: unknown }).status === 404;
}

export function createCamundaRestStateReader(options: CamundaRestStateReaderOptions): ProcessStateReader {
  const client = createCamundaClientLoose({
    config: {
      CAMUNDA_REST_ADDRESS: options.restAddress,
      CAMUNDA_AUTH_STRATEGY: options.authStrategy ?? 'NONE',
      CAMUNDA_SDK_LOG_LEVEL: 'silent',
      CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 2,
      ...options.credentials,
    } as Record<string, unknown>,
  } as Parameters<typeof createCamundaClientLoose>[0]);
  const limit = options.pageSize ?? 1000;

  /** Every item of a search, page by page (`from`/`limit`). */
  async function searchAll<T>(search: (page: { from: number; limit: number }) => Promise<unknown>): Promise<T[]> {
    const items: T[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = (await search({ from: items.length, limit })) as SearchPage<T>;
      items.push(...result.items);
      const total = result.page?.totalItems ?? items.length;
      if (result.items.length === 0 || items.length >= total) break;
    }
    return items;
  }

  async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (isNotFound(err)) throw err;
      const status = (err as { status?: number }).status;
      throw new ProcessStateUnavailableError(
        `Camunda REST API at ${options.restAddress} failed on ${what}: ${status ? `HTTP ${status} ` : ''}${
          (err as Error).message
        }`,
      );
    }
  }

  return {
    async read(processInstanceKey) {
      let instance: ProcessInstanceItem;
      try {
        instance = (await call('GET /v2/process-instances/{key}', () =>
          client.getProcessInstance({ processInstanceKey }, NO_WAIT),
        )) as unknown as ProcessInstanceItem;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
      const [elements, incidents, variables] = await Promise.all([
        call('POST /v2/element-instances/search', () =>
          searchAll<ElementInstanceItem>((page) =>
            client.searchElementInstances({ filter: { processInstanceKey }, page } as never, NO_WAIT),
          ),
        ),
        call('POST /v2/incidents/search', () =>
          searchAll<IncidentItem>((page) =>
            client.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' }, page } as never, NO_WAIT),
          ),
        ),
        call('POST /v2/variables/search', () =>
          searchAll<VariableItem>((page) =>
            client.searchVariables(
              { filter: { processInstanceKey, scopeKey: processInstanceKey }, page, truncateValues: false } as never,
              NO_WAIT,
            ),
          ),
        ),
      ]);
      return toState(instance, elements, incidents, variables);
    },

    async findInstanceKeys(bpmnProcessId, variable, options = {}) {
      const found = await call('POST /v2/variables/search', () =>
        searchAll<VariableItem>((page) =>
          client.searchVariables(
            { filter: { name: variable.name, value: JSON.stringify(variable.value) }, page } as never,
            NO_WAIT,
          ),
        ),
      );
      const rootScoped = found.filter((v) => v.processInstanceKey !== undefined && v.scopeKey === v.processInstanceKey);
      const keys = [...new Set(rootScoped.map((v) => String(v.processInstanceKey)))].sort(compareKeys);
      const instances = await Promise.all(
        keys.map((processInstanceKey) =>
          call('GET /v2/process-instances/{key}', () =>
            client.getProcessInstance({ processInstanceKey }, NO_WAIT),
          ).catch((err) => {
            if (isNotFound(err)) return undefined;
            throw err;
          }),
        ),
      );
      return keys.filter((_, i) => {
        const instance = instances[i] as unknown as ProcessInstanceItem | undefined;
        return instance?.processDefinitionId === bpmnProcessId && (!options.activeOnly || instance.state === 'ACTIVE');
      });
    },
  };
}

export function toState(
  instance: ProcessInstanceItem,
  elements: ElementInstanceItem[],
  incidents: IncidentItem[],
  variables: VariableItem[],
): ProcessInstanceState {
  const inFlow = elements.filter((e) => e.type !== 'PROCESS');
  const activeElementIds = [
    ...new Set(
      inFlow
        .filter((e) => e.state === 'ACTIVE')
        .sort(startOrder)
        .map((e) => e.elementId),
    ),
  ];
  const completedElementIds = inFlow
    .filter((e) => e.state === 'COMPLETED')
    .sort(completionOrder)
    .map((e) => e.elementId);
  const openIncidents: ProcessIncident[] = incidents
    .filter((i) => i.state === undefined || i.state === 'ACTIVE')
    .map((i) => ({
      key: String(i.incidentKey),
      elementId: i.elementId,
      message: i.errorMessage ?? '',
      errorType: i.errorType ?? 'UNKNOWN',
    }));
  const failedStep = failedStepOf(openIncidents, inFlow);
  const values: Record<string, unknown> = {};
  for (const v of variables) {
    if (String(v.scopeKey) === String(instance.processInstanceKey)) values[v.name] = parseValue(v.value);
  }
  return {
    processInstanceKey: String(instance.processInstanceKey),
    bpmnProcessId: instance.processDefinitionId,
    processDefinitionKey: String(instance.processDefinitionKey),
    version: instance.processDefinitionVersion,
    state: instance.state,
    startDate: instance.startDate,
    endDate: instance.endDate,
    activeElementIds,
    completedElementIds,
    incidents: openIncidents,
    ...(failedStep ? { failedStep } : {}),
    variables: values,
  };
}

/** The oldest open incident's step (incident keys grow with creation), named as the model names it. */
function failedStepOf(incidents: ProcessIncident[], elements: ElementInstanceItem[]): FailedStep | undefined {
  const oldest = [...incidents].sort((a, b) => compareKeys(a.key, b.key))[0];
  if (!oldest) return undefined;
  const elementName = elements.find((e) => e.elementId === oldest.elementId && e.elementName)?.elementName;
  return {
    elementId: oldest.elementId,
    ...(elementName ? { elementName } : {}),
    errorType: oldest.errorType,
    message: oldest.message,
    incidentKey: oldest.key,
  };
}
