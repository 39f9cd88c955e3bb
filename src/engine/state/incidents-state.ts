/**
 * Incidents as a snapshot holds them (runtime/incidents.ts writes and reads them through these): the view
 * as it is, the element instances by key, and the retry by kind: an incident's retry is data
 * (runtime/incident-retry.ts) whose kind is the snapshot's RetryState.
 */
import type { Incident } from '../runtime/incidents';
import type { IncidentState } from './snapshot-state';
import type { RestoredRefs } from './state-refs';

export function incidentState(incident: Incident): IncidentState {
  return {
    view: { ...incident.view },
    elementInstance: incident.instance.key,
    // a resolved incident retries nothing
    retry: incident.view.state === 'ACTIVE' ? (incident.retry?.retry ?? 'none') : 'none',
    innerInstance: incident.retry?.retry === 'innerCompleted' ? incident.retry.inner.key : undefined,
  };
}

export function restoredIncident(i: IncidentState, refs: RestoredRefs): Incident {
  const instance = refs.instance(i.elementInstance);
  const incident: Incident = { view: { ...i.view }, instance, retry: undefined };
  // (a resolved incident's inner instance is kept, as it was written)
  if (i.innerInstance) incident.retry = { retry: 'innerCompleted', inner: refs.instance(i.innerInstance) };
  else if (i.retry === 'job') incident.retry = { retry: 'job', jobKey: i.view.jobKey as string };
  else if (i.retry !== 'none' && i.retry !== 'innerCompleted') incident.retry = { retry: i.retry };
  return incident;
}
