/**
 * Incidents as a snapshot holds them (runtime/incidents.ts writes and reads them through these): the view
 * as it is, the element instances by key, and the retry by name (incident-retry-state.ts).
 */
import type { Incident } from '../runtime/incidents';
import type { Runtime } from '../runtime/runtime';
import { retryFor, retryOf } from './incident-retry-state';
import type { IncidentState } from './snapshot-state';
import type { RestoredRefs } from './state-refs';

export function incidentState(incident: Incident): IncidentState {
  return {
    view: { ...incident.view },
    elementInstance: incident.instance.key,
    retry: retryOf(incident),
    innerInstance: incident.innerInstance?.key,
  };
}

export function restoredIncident(rt: Runtime, i: IncidentState, refs: RestoredRefs): Incident {
  const instance = refs.instance(i.elementInstance);
  const incident: Incident = { view: { ...i.view }, instance };
  const inner = i.innerInstance ? refs.instance(i.innerInstance) : undefined;
  const retry = retryFor(rt, i, instance, inner, rt.processInstances.get(instance.key));
  if (retry) incident.retry = retry;
  if (inner) incident.innerInstance = inner;
  return incident;
}
