/**
 * What the due queue (../due-queue.ts) holds: each entry's work as a tagged record, not a closure, and the
 * one function that fires a record by handing it to the service that owns it. A snapshot writes the record
 * (state/due-state.ts) and a restore schedules it again; nothing has to work out what a closure was.
 */
import type { ProcessDefinition } from '../deployments';
import type { FlowElement } from '../model/process-model';
import type { Cycle } from '../time';
import type { ElementInstance } from './element-instance';
import type { Job } from './jobs';
import type { Message } from './messages';
import type { Runtime } from './runtime';

/** A timer cycle still running: its evaluated timer value and what remains of it (the firings left). */
export interface TimerCycle {
  text: string;
  remaining: Cycle;
}

export type DueTask =
  /** a timer event of an element instance (catch event, boundary event, event sub-process start) */
  | { what: 'timer'; owner: ElementInstance; event: FlowElement; cycle?: TimerCycle }
  /** a timer start event of a process's latest version */
  | { what: 'startTimer'; definition: ProcessDefinition; event: FlowElement; cycle?: TimerCycle }
  /** an activated job's deadline */
  | { what: 'jobDeadline'; job: Job }
  /** the end of a failed job's retry back-off */
  | { what: 'jobBackOff'; job: Job }
  /** the end of a buffered message's time-to-live */
  | { what: 'messageTtl'; message: Message };

/** Fires a task that fell due at `due`, in the service that owns it. */
export function fireDueTask(rt: Runtime, task: DueTask, due: number) {
  switch (task.what) {
    case 'timer':
      return rt.timers.fire(task, due);
    case 'startTimer':
      return rt.startEvents.fire(task, due);
    case 'jobDeadline':
      return rt.jobs.timedOut(task.job);
    case 'jobBackOff':
      return rt.jobs.makeActivatable(task.job);
    case 'messageTtl':
      return rt.messages.expire(task.message);
    default:
      throw new Error(`the due queue holds a task of unknown kind '${(task as { what?: unknown }).what}'`);
  }
}

/** The cycle after one firing, or undefined when that was its last. */
export function nextCycle(cycle: TimerCycle | undefined): TimerCycle | undefined {
  if (!cycle) return undefined;
  const { remaining } = cycle;
  if (remaining.repetitions !== 'infinite' && remaining.repetitions <= 1) return undefined;
  const repetitions = remaining.repetitions === 'infinite' ? 'infinite' : remaining.repetitions - 1;
  return { text: cycle.text, remaining: { ...remaining, repetitions } };
}
