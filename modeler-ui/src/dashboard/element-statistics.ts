/**
 * A process definition's element statistics (Camunda 8.8 `POST /v2/process-definitions/{key}/statistics/
 * element-instances`): per element, how many instances wait there (active), are stuck there (incidents),
 * passed it (completed) or were stopped there (canceled); and the links from a count to the instances list.
 */
import { request } from '../api/http';

const V2 = import.meta.env.VITE_CAMUNDA_REST_BASE ?? './v2';

export interface ElementStatistics {
  elementId: string;
  active: number;
  incidents: number;
  completed: number;
  canceled: number;
}

export const COUNT_KINDS = [
  { kind: 'active', label: 'waiting', heading: 'Waiting' },
  { kind: 'incidents', label: 'with an incident', heading: 'Incidents' },
  { kind: 'completed', label: 'completed', heading: 'Completed' },
  { kind: 'canceled', label: 'cancelled', heading: 'Cancelled' },
] as const;
export type CountKind = (typeof COUNT_KINDS)[number]['kind'];

export async function elementStatistics(processDefinitionKey: string): Promise<ElementStatistics[]> {
  const response = await request(
    `${V2}/process-definitions/${encodeURIComponent(processDefinitionKey)}/statistics/element-instances`,
    { method: 'POST', body: {}, accept: 'application/json' },
  );
  const body = (await response.json()) as { items?: Partial<ElementStatistics>[] };
  return (body.items ?? []).map((s) => ({
    elementId: String(s.elementId),
    active: s.active ?? 0,
    incidents: s.incidents ?? 0,
    completed: s.completed ?? 0,
    canceled: s.canceled ?? 0,
  }));
}

/**
 * The instances list showing what a count counts: instances waiting at (or stuck at) the element now.
 * Completed and cancelled counts are of element instances that are over, which the list cannot filter
 * by, so they lead to all instances of that version.
 */
export function instancesHref(processId: string, version: number, elementId: string, kind: CountKind): string {
  const params = new URLSearchParams({ process: processId, version: String(version) });
  if (kind === 'active' || kind === 'incidents') params.set('step', elementId);
  if (kind === 'incidents') params.set('outcome', 'incident');
  return `#/instances?${params}`;
}
