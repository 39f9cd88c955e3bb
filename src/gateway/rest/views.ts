/**
 * The engine's read models in Camunda 8.8 REST v2 shape (types from @camunda8/orchestration-cluster-api):
 * keys as strings, dates as ISO 8601, variable values as JSON text. Nothing beyond the 8.8 fields: a client
 * that orders by completion gets what Camunda gives, endDate with the key breaking ties.
 */
import type {
  ElementInstanceResult,
  IncidentResult,
  ProcessDefinitionResult,
  ProcessInstanceResult,
  VariableSearchResult,
} from '@camunda8/orchestration-cluster-api';
import type {
  ElementInstanceView,
  IncidentView,
  ProcessDefinitionView,
  ProcessInstanceView,
  VariableView,
} from '../../engine/engine-api';

type Keyed<T> = { [K in keyof T]: T[K] extends string & { __brand?: unknown } ? string : T[K] };
export type ProcessInstanceItem = Keyed<ProcessInstanceResult> & Record<string, unknown>;
export type ElementInstanceItem = Keyed<ElementInstanceResult> & Record<string, unknown>;
export type IncidentItem = Keyed<IncidentResult> & Record<string, unknown>;
export type VariableItem = Keyed<VariableSearchResult> & { isTruncated: boolean } & Record<string, unknown>;
export type ProcessDefinitionItem = Keyed<ProcessDefinitionResult> & Record<string, unknown>;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function processInstanceItem(p: ProcessInstanceView, definitionName?: string): ProcessInstanceItem {
  return {
    processInstanceKey: p.processInstanceKey,
    processDefinitionKey: p.processDefinitionKey,
    processDefinitionId: p.bpmnProcessId,
    processDefinitionName: definitionName ?? p.bpmnProcessId,
    processDefinitionVersion: p.version,
    startDate: iso(p.startDate) as string,
    ...(p.endDate === undefined ? {} : { endDate: iso(p.endDate) }),
    state: p.state,
    hasIncident: p.hasIncident,
    tenantId: p.tenantId,
    ...(p.parentProcessInstanceKey ? { parentProcessInstanceKey: p.parentProcessInstanceKey } : {}),
    ...(p.parentElementInstanceKey ? { parentElementInstanceKey: p.parentElementInstanceKey } : {}),
  } as ProcessInstanceItem;
}

export function elementInstanceItem(e: ElementInstanceView): ElementInstanceItem {
  return {
    elementInstanceKey: e.key,
    processInstanceKey: e.processInstanceKey,
    processDefinitionKey: e.processDefinitionKey,
    processDefinitionId: e.bpmnProcessId,
    elementId: e.elementId,
    elementName: e.elementName ?? e.elementId,
    type: e.type,
    state: e.state,
    hasIncident: e.incidentKey !== undefined,
    ...(e.incidentKey ? { incidentKey: e.incidentKey } : {}),
    startDate: iso(e.startDate) as string,
    ...(e.endDate === undefined ? {} : { endDate: iso(e.endDate) }),
    elementInstanceScopeKey: e.flowScopeKey ?? e.processInstanceKey,
    tenantId: e.tenantId,
  } as ElementInstanceItem;
}

export function incidentItem(i: IncidentView): IncidentItem {
  return {
    incidentKey: i.key,
    processInstanceKey: i.processInstanceKey,
    processDefinitionKey: i.processDefinitionKey,
    processDefinitionId: i.bpmnProcessId,
    elementId: i.elementId,
    elementInstanceKey: i.elementInstanceKey,
    errorType: i.errorType,
    errorMessage: i.errorMessage,
    state: i.state,
    creationTime: iso(i.creationTime),
    ...(i.jobKey ? { jobKey: i.jobKey } : {}),
    tenantId: i.tenantId,
  } as IncidentItem;
}

/** Values longer than this are cut in search results unless `truncateValues: false` (Camunda's default). */
export const VARIABLE_PREVIEW_LIMIT = 8191;

export function variableItem(v: VariableView, truncate: boolean): VariableItem {
  const text = JSON.stringify(v.value ?? null);
  const cut = truncate && text.length > VARIABLE_PREVIEW_LIMIT;
  return {
    variableKey: v.key,
    name: v.name,
    value: cut ? text.slice(0, VARIABLE_PREVIEW_LIMIT) : text,
    isTruncated: cut,
    scopeKey: v.scopeKey,
    processInstanceKey: v.processInstanceKey,
    tenantId: v.tenantId,
  } as VariableItem;
}

export function processDefinitionItem(d: ProcessDefinitionView): ProcessDefinitionItem {
  return {
    processDefinitionKey: d.processDefinitionKey,
    processDefinitionId: d.bpmnProcessId,
    name: d.name ?? d.bpmnProcessId,
    version: d.version,
    resourceName: d.resourceName,
    tenantId: d.tenantId,
    hasStartForm: d.startFormId !== undefined,
  } as ProcessDefinitionItem;
}
