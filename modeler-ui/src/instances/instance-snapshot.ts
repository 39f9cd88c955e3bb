/** What the instance view shows, read in one go: the instance, its element history, incidents, variables, flows. */
import {
  type ElementInstance,
  elementInstancesOf,
  getProcessInstance,
  type Incident,
  incidentsOf,
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
  const [elements, incidents, variables, takenFlows] = await Promise.all([
    elementInstancesOf(key),
    incidentsOf(key),
    variablesOf(key),
    sequenceFlowsOf(key),
  ]);
  return { instance, elements, incidents, variables, takenFlows };
}
