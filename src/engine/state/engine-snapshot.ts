/**
 * Captures the whole engine state as a SnapshotState (snapshot-state.ts), between two commands, or all of it
 * but the ended trees history segments hold already (`leaveOut`, journal/history-archive.ts). Each service
 * writes its own part (its `snapshot()`); this composes them. It refuses (throws NotSnapshottableError, and the
 * engine keeps its journal) rather than write a snapshot that would restore differently: every pending
 * due-queue entry and every active incident's retry must be named, and no element may be in the middle of a
 * termination.
 */
import { isActive } from '../runtime/element-instance';
import type { Runtime } from '../runtime/runtime';
import { dueState } from './due-state';
import { elementInstanceState, processInstanceState } from './instances-state';
import { SNAPSHOT_VERSION, type SnapshotState } from './snapshot-state';
import { NotSnapshottableError } from './state-refs';

/** What a capture leaves out: the process instances of archived trees, and how much they hold (checked). */
export interface LeftOut {
  has(processInstanceKey: string): boolean;
  counts: ArchivedCounts;
}

export interface ArchivedCounts {
  elementInstances: number;
  finishedJobs: number;
  incidents: number;
  userTasks: number;
}

export function captureSnapshot(rt: Runtime, leaveOut?: LeftOut): SnapshotState {
  const kept = (processInstanceKey: string) => !leaveOut?.has(processInstanceKey);
  const state: SnapshotState = {
    version: SNAPSHOT_VERSION,
    nextKey: rt.keys.position,
    clock: rt.clock.state(),
    endSequence: rt.lifecycle.endSequence,
    ...rt.deployments.snapshot(),
    elementInstances: elementInstances(rt, kept),
    processInstances: [...rt.processInstances.values()].filter((p) => kept(p.key)).map(processInstanceState),
    variables: rt.variables.snapshot((scope) => {
      const owner = rt.elementInstances.get(scope);
      return !owner || kept(owner.processInstanceKey);
    }),
    takenFlows: [...rt.lifecycle.takenFlows].filter(([processInstanceKey]) => kept(processInstanceKey)),
    ...rt.jobs.snapshot(kept),
    incidents: rt.incidents.snapshot(kept),
    userTasks: rt.userTasks.snapshot((t) => kept(t.processInstanceKey)),
    users: rt.users.snapshot(),
    ...rt.decisionEvaluations.snapshot(),
    messages: rt.messages.snapshot(),
    signals: rt.signals.snapshot(),
    due: dueState(rt, kept),
    pending: pendingState(rt),
    stepsPerSlice: rt.steps.stepsPerSlice,
    batchOperations: rt.batchOperations.snapshot(),
  };
  if (leaveOut) checkLeftOut(rt, state, leaveOut.counts);
  return state;
}

function elementInstances(rt: Runtime, kept: (processInstanceKey: string) => boolean) {
  const states: SnapshotState['elementInstances'] = [];
  for (const i of rt.elementInstances.values()) {
    if (!kept(i.processInstanceKey)) continue;
    const process = rt.processInstances.get(i.processInstanceKey);
    if (!process) throw new NotSnapshottableError(`element instance '${i.key}' has no process instance`);
    // an instance that ended before its process instance was migrated keeps the definition it ran on
    const ranOnOther = process.definition !== i.definition;
    if (ranOnOther && isActive(i))
      throw new NotSnapshottableError(`element instance '${i.key}' does not run on its process instance's definition`);
    if (i.afterTermination)
      throw new NotSnapshottableError(`element instance '${i.key}' (${i.element.id}) is being terminated`);
    const state = elementInstanceState(i);
    states.push(ranOnOther ? { ...state, definition: i.definition.key } : state);
  }
  return states;
}

/** The steps of long-running commands still to run, as data (a step that is not described refuses the capture). */
function pendingState(rt: Runtime): SnapshotState['pending'] {
  const queues = rt.steps.pendingQueues();
  if (queues.length === 0) return undefined;
  return queues.map((queue) =>
    queue.map((step) => {
      if (!step.state) throw new NotSnapshottableError('a pending step of a long-running command is not described');
      return step.state;
    }),
  );
}

/** The archived trees must be exactly what the capture left out, or a restore would lose or double something. */
function checkLeftOut(rt: Runtime, state: SnapshotState, archived: ArchivedCounts) {
  const leftOut: ArchivedCounts = {
    elementInstances: rt.elementInstances.size - state.elementInstances.length,
    finishedJobs: rt.jobs.finishedCount - state.finishedJobs.length,
    incidents: rt.incidents.count - state.incidents.length,
    userTasks: rt.userTasks.count - (state.userTasks?.length ?? 0),
  };
  for (const kind of Object.keys(leftOut) as (keyof ArchivedCounts)[]) {
    if (leftOut[kind] !== archived[kind])
      throw new NotSnapshottableError(
        `history segments hold ${archived[kind]} ${kind}, the capture left out ${leftOut[kind]}`,
      );
  }
}
