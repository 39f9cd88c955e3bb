/**
 * One ended root instance's tree, as a history segment holds it (journal/history-archive.ts): the parts of a
 * SnapshotState it owns. Called only for a tree that has ended (HistoryRetention.hasEnded): nothing changes
 * it afterwards, so the entry stays true until it is evicted.
 */
import type { Runtime } from '../runtime/runtime';
import { incidentState } from './incidents-state';
import { elementInstanceState, processInstanceState } from './instances-state';
import { finishedJobState } from './jobs-state';
import type { RootHistoryState } from './snapshot-state';
import { NotSnapshottableError } from './state-refs';

export function captureRootHistory(rt: Runtime, root: string): RootHistoryState {
  const tree = rt.history.treeOf(root);
  const entry: RootHistoryState = {
    root,
    processInstances: [],
    elementInstances: [],
    variables: [],
    takenFlows: [],
    finishedJobs: [],
    incidents: [],
    userTasks: [],
  };
  for (const key of tree.processes) {
    const process = rt.processInstances.get(key);
    if (!process) throw new NotSnapshottableError(`process instance '${key}' of ended tree '${root}' is missing`);
    entry.processInstances.push(processInstanceState(process));
    for (const i of process.history.includes(process.root) ? process.history : [process.root, ...process.history]) {
      if (i.timers?.length || i.afterTermination)
        throw new NotSnapshottableError(`element instance '${i.key}' of ended tree '${root}' is still waiting`);
      entry.elementInstances.push(elementInstanceState(i));
      const vars = rt.variables.snapshotScope(i.key);
      if (vars) entry.variables.push(vars);
    }
    const flows = rt.lifecycle.takenFlows.get(key);
    if (flows) entry.takenFlows.push([key, flows]);
  }
  for (const key of tree.jobs) {
    const finished = rt.jobs.finishedEntry(key);
    if (finished) entry.finishedJobs.push(finishedJobState(finished));
  }
  for (const key of tree.incidents) {
    const incident = rt.incidents.get(key);
    if (incident) entry.incidents.push(incidentState(incident));
  }
  for (const key of tree.userTasks) {
    const task = rt.userTasks.get(key);
    if (task) entry.userTasks.push(structuredClone(task));
  }
  return entry;
}
