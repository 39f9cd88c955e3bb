/**
 * `resetCluster()`: brings a shared cluster back to empty between tests instead of starting a new engine:
 * every running root instance is cancelled (its children go with it), then every deployed process, decision
 * requirements graph is deleted, so the next test deploys and starts from nothing. Only REST v2
 * calls, so it works on any cluster that allows them; Camunda Process Test's shared runtime purges instead.
 * What it cannot undo: buffered messages (published with a time to live) stay until they expire, and forms
 * stay deployed (REST v2 of 8.8 cannot list them).
 */
import type { RestApi } from './rest-api';
import type { RestCallError } from './rest-call';

export interface ResetSummary {
  cancelledInstances: number;
  deletedResources: number;
}

/** a 404 means someone else ended or deleted it first: the goal is reached either way */
const ignoreGone = (err: unknown) => {
  if ((err as RestCallError).status !== 404) throw err;
};

export async function resetCluster(api: RestApi): Promise<ResetSummary> {
  const active = await api.searchProcessInstances({ state: 'ACTIVE' });
  const roots = active.filter((i) => !i.parentProcessInstanceKey);
  // the commands are independent: sent at once, the cluster batches what it writes
  await Promise.all(roots.map((i) => api.cancelProcessInstance(String(i.processInstanceKey)).catch(ignoreGone)));
  const [processes, drgs] = await Promise.all([api.searchProcessDefinitions(), api.searchDecisionRequirements()]);
  const keys = [...processes.map((d) => d.processDefinitionKey), ...drgs.map((d) => d.decisionRequirementsKey)];
  await Promise.all(keys.map((key) => api.deleteResource(String(key)).catch(ignoreGone)));
  return { cancelledInstances: roots.length, deletedResources: keys.length };
}
