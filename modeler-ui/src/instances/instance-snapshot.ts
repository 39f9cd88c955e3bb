/** What the instance view shows, read in one go: the instance, its element history, incidents, variables, flows. */
import {
  type ElementInstance,
  elementInstancesOf,
  getProcessInstance,
  type Incident,
  incidentsOf,
  type Job,
  jobsOf,
  type ProcessInstance,
  sequenceFlowsOf,
  type Variable,
  variablesOf,
} from '../api/client';

export interface Snapshot {
  instance: ProcessInstance;
  elements: ElementInstance[];
  incidents: Incident[];
  variables: Variable[];
  jobs: Job[];
  takenFlows: string[] | undefined;
}

export const openIncidents = (s: Snapshot) =>
  s.incidents.filter((i) => i.state === 'ACTIVE' || i.state === 'PENDING').length;

/**
 * The instance first: while Camunda does not show it (404) the rest is not asked for, so its sequence flows'
 * 404 is not taken for a server without that endpoint.
 */
export async function loadSnapshot(key: string): Promise<Snapshot> {
  const instance = await getProcessInstance(key);
  const [elements, incidents, variables, takenFlows, jobs] = await Promise.all([
    elementInstancesOf(key),
    incidentsOf(key),
    variablesOf(key),
    sequenceFlowsOf(key),
    // only for incidents' job details: a server without job search leaves them out
    jobsOf(key).catch(() => [] as Job[]),
  ]);
  return { instance, elements, incidents, variables, jobs, takenFlows };
}
