/**
 * Ended root instances' trees as history segments hold them (journal/history-archive.ts stores the segments):
 * one tree is the parts of a SnapshotState it owns, captured once it has ended (HistoryRetention.hasEnded):
 * nothing changes it afterwards, so the entry stays true until it is evicted. A restore adds the trees back
 * into the snapshot's state before the services restore it.
 */
import { compareKeys } from '../keys';
import type { Runtime } from '../runtime/runtime';
import { incidentState } from './incidents-state';
import { elementInstanceState, processInstanceState } from './instances-state';
import { finishedJobState } from './jobs-state';
import type { RootHistoryState, SnapshotState } from './snapshot-state';
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

/** Zeebe keys are decimal int64 strings: a shorter one is smaller. */

/** A snapshot's state with the archived trees its history segments hold added back (what the file left out). */
export function withArchivedTrees(state: SnapshotState, archived: RootHistoryState[]): SnapshotState {
  const all = <K extends keyof RootHistoryState & keyof SnapshotState>(kind: K) =>
    [...archived.flatMap((e) => e[kind] as unknown[]), ...((state[kind] as unknown[] | undefined) ?? [])] as never;
  // these were inserted as their keys were made, so key order is the order the engine had them in
  const inKeyOrder = <T>(items: T[], key: (item: T) => string) => items.sort((a, b) => compareKeys(key(a), key(b)));
  return {
    ...state,
    processInstances: inKeyOrder(all('processInstances'), (p: SnapshotState['processInstances'][number]) => p.key),
    elementInstances: inKeyOrder(all('elementInstances'), (e: SnapshotState['elementInstances'][number]) => e.key),
    incidents: inKeyOrder(all('incidents'), (i: SnapshotState['incidents'][number]) => i.view.key),
    userTasks: inKeyOrder(all('userTasks'), (t: RootHistoryState['userTasks'][number]) => t.userTaskKey),
    // (variables, finished jobs and taken flows come archived first: only the engine's own lists show it)
    variables: all('variables'),
    takenFlows: all('takenFlows'),
    finishedJobs: all('finishedJobs'),
    archive: undefined,
  };
}
