/**
 * The due queue as a snapshot holds it: each pending entry's task (runtime/due-tasks.ts) with its objects
 * named by key, in scheduling order; a restore schedules each again, in that order, through the service that
 * owns it. A capture refuses an entry it cannot name (the engine keeps its journal instead).
 */
import type { DueEntry } from '../due-queue';
import type { DueTask, TimerCycle } from '../runtime/due-tasks';
import type { Message } from '../runtime/messages';
import type { Runtime } from '../runtime/runtime';
import { parseCycle } from '../time';
import type { CycleState, DueState } from './snapshot-state';
import { elementRef, NotSnapshottableError, type RestoredRefs, required } from './state-refs';

/** Every pending entry of the due queue, in scheduling order (`kept`: the process instances the capture holds). */
export function dueState(rt: Runtime, kept: (processInstanceKey: string) => boolean): DueState[] {
  const pending = rt.due.pending();
  const described = pending.flatMap((entry) => describe(entry, kept) ?? []);
  if (described.length !== pending.length)
    throw new NotSnapshottableError(
      `the due queue holds ${pending.length} entries, but only ${described.length} are described`,
    );
  return described;
}

function describe(entry: DueEntry, kept: (processInstanceKey: string) => boolean): DueState | undefined {
  const task: DueTask = entry.task;
  switch (task?.what) {
    case 'timer': {
      const { owner } = task;
      if (!owner.timers?.includes(entry) || !kept(owner.processInstanceKey))
        throw new NotSnapshottableError(`a timer of element instance '${owner.key}' is not described`);
      const event = elementRef(owner.definition, task.event);
      return { what: 'timer', due: entry.due, owner: owner.key, event, cycle: cycleState(task.cycle) };
    }
    case 'startTimer': {
      const event = elementRef(task.definition, task.event);
      return {
        what: 'startTimer',
        due: entry.due,
        definition: task.definition.key,
        event,
        cycle: cycleState(task.cycle),
      };
    }
    case 'jobDeadline':
    case 'jobBackOff': {
      const { job } = task;
      if (job.timer !== entry || job.state !== (task.what === 'jobDeadline' ? 'ACTIVATED' : 'BACKOFF'))
        return undefined;
      return { what: task.what, due: entry.due, job: job.key };
    }
    case 'messageTtl':
      if (task.message.expiry !== entry) return undefined;
      return { what: 'messageTtl', due: task.message.deadline, message: task.message.key };
    default:
      return undefined;
  }
}

function cycleState(cycle: TimerCycle | undefined): CycleState | undefined {
  return cycle && { text: cycle.text, repetitions: cycle.remaining.repetitions };
}

function restoredCycle(cycle: CycleState | undefined): TimerCycle | undefined {
  return cycle && { text: cycle.text, remaining: { ...parseCycle(cycle.text), repetitions: cycle.repetitions } };
}

/** Schedules one entry a snapshot held again, through the service that owns it. */
export function rearmDue(rt: Runtime, entry: DueState, refs: RestoredRefs, buffered: Map<string, Message>) {
  switch (entry.what) {
    case 'timer': {
      const owner = refs.instance(entry.owner);
      const event = refs.element(owner.definition, entry.event);
      return rt.timers.restore({ what: 'timer', owner, event, cycle: restoredCycle(entry.cycle) }, entry.due);
    }
    case 'startTimer': {
      const definition = refs.definition(entry.definition);
      const event = refs.element(definition, entry.event);
      const task = { what: 'startTimer', definition, event, cycle: restoredCycle(entry.cycle) } as const;
      return rt.startEvents.restore(task, entry.due);
    }
    case 'jobDeadline':
    case 'jobBackOff':
      return rt.jobs.rearm(entry.what, entry.job, entry.due);
    case 'messageTtl':
      return rt.messages.scheduleExpiry(required(buffered.get(entry.message), 'buffered message', entry.message));
  }
}
