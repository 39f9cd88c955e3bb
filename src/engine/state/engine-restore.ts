/**
 * Rebuilds the engine state from a SnapshotState (snapshot-state.ts) into a fresh, empty engine: each service
 * restores its own part (its `restore()`); this composes them, in the order their references need (definitions,
 * then instances, then what refers to instances), and schedules the due queue's entries again in their original
 * order. Runs with the due queue suspended.
 */
import type { ElementInstance } from '../runtime/element-instance';
import { describedStep, type Step, type StepState } from '../runtime/pending-steps';
import type { Runtime } from '../runtime/runtime';
import { rearmDue } from './due-state';
import { restoreInstances } from './instances-state';
import { SNAPSHOT_VERSION, type SnapshotState } from './snapshot-state';

export async function restoreSnapshot(rt: Runtime, s: SnapshotState) {
  if (s.version !== SNAPSHOT_VERSION && s.version !== 1)
    throw new Error(`snapshot version ${s.version} is not supported (expected ${SNAPSHOT_VERSION} or 1)`);
  if (s.archive) throw new Error('snapshot: its history segments must be added first (HistoryArchive.restore)');
  if (rt.processInstances.size > 0 || !rt.deployments.empty)
    throw new Error('a snapshot can only be restored into an empty engine');
  rt.keys.position = s.nextKey;
  rt.clock.restore(s.clock);
  rt.lifecycle.endSequence = s.endSequence;
  rt.userTasks.restore(s.userTasks ?? []);
  rt.users.restore(s.users ?? []);
  rt.decisionEvaluations.restore(s.decisionEvaluations ?? []);
  rt.batchOperations.restore(s.batchOperations);
  await rt.deployments.restore(s);

  const refs = restoreInstances(rt, s);
  rt.variables.restore(s.variables);
  for (const [pi, flows] of s.takenFlows) rt.lifecycle.takenFlows.set(pi, flows);
  rt.jobs.restore(s, refs.instance);
  rt.incidents.restore(s.incidents, refs);
  const buffered = rt.messages.restore(s.messages, refs);
  rt.signals.restore(s.signals, refs);
  // the due queue, in the original scheduling order
  for (const entry of s.due) rearmDue(rt, entry, refs, buffered);
  // what history retention indexes (derived, not stored)
  rt.history.rebuild();

  // a long-running command's steps still to run (step-slices.ts), in their turn order
  rt.steps.stepsPerSlice = s.stepsPerSlice;
  if (s.pending) rt.steps.restorePending(s.pending.map((queue) => queue.map((step) => pendingStep(rt, step))));
}

/**
 * A step as Lifecycle.activateChild/complete wrote it. Its element instance may be gone (forgotten when it was
 * terminated before it activated, or evicted with its ended tree): the step did nothing then, and does nothing
 * now, but still counts in its slice, as it did.
 */
function pendingStep(rt: Runtime, state: StepState): Step {
  const instance: ElementInstance | undefined = rt.elementInstances.get(
    'activate' in state ? state.activate : state.complete,
  );
  if (!instance) return describedStep(() => {}, state);
  if ('activate' in state) return describedStep(() => rt.lifecycle.activate(instance), state);
  return describedStep(() => rt.lifecycle.completeNow(instance), state);
}
