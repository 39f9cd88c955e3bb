/**
 * Timer events on the engine clock: intermediate timer catch events, timer boundary events and timer
 * event sub-process starts. Durations, dates and cycles come from FEEL or static ISO 8601 values; cycles
 * re-arm after each non-interrupting firing until their repetitions run out.
 */
import { toIsoString } from '../feel';
import type { FlowElement } from '../model/process-model';
import { firstDueDate, TimerValueError } from '../time';
import { type DueTask, nextCycle } from './due-tasks';
import { appended, type ElementInstance } from './element-instance';
import { IncidentError } from './incidents';
import { feelContext } from './mappings';
import type { Runtime } from './runtime';

type TimerTask = Extract<DueTask, { what: 'timer' }>;

export class TimerService {
  constructor(private readonly rt: Runtime) {}

  /** Arms the timer of `event` for `owner`; when it falls due, the event is triggered (EventTriggers). */
  schedule(owner: ElementInstance, event: FlowElement) {
    const definition = event.eventDefinition;
    if (definition.kind !== 'timer') return;
    const raw = definition.value.evaluate((name) => this.rt.variables.lookup(owner, name), feelContext(this.rt, owner));
    const text = typeof raw === 'string' ? raw : toIsoString(raw);
    if (!text) {
      throw new IncidentError(
        'EXTRACT_VALUE_ERROR',
        `Expected the ${definition.timerKind} of '${event.id}' to be an ISO 8601 value, but was '${String(raw)}'`,
      );
    }
    let first: ReturnType<typeof firstDueDate>;
    try {
      first = firstDueDate(definition.timerKind, text, this.rt.clock.now());
    } catch (err) {
      if (err instanceof TimerValueError)
        throw new IncidentError('EXTRACT_VALUE_ERROR', `Invalid timer of '${event.id}': ${err.message}`);
      throw err;
    }
    this.arm(
      { what: 'timer', owner, event, cycle: first.remaining && { text, remaining: first.remaining } },
      first.due,
    );
  }

  /** Re-arms a timer a snapshot held (state/due-state.ts). */
  restore(task: TimerTask, due: number) {
    this.arm(task, due);
  }

  /** The timer fell due (due-tasks.ts): its event is triggered, and a non-interrupting cycle re-arms. */
  fire(task: TimerTask, due: number) {
    const { owner, event } = task;
    owner.timers = owner.timers?.filter((t) => t.task !== task);
    const next = event.interrupting ? undefined : nextCycle(task.cycle);
    this.rt.triggers.trigger(event, owner, undefined);
    if (next && task.cycle && owner.state === 'ACTIVATED') {
      this.arm({ ...task, cycle: next }, due + task.cycle.remaining.interval.ms(due));
    }
  }

  private arm(task: TimerTask, due: number) {
    task.owner.timers = appended(task.owner.timers, this.rt.due.schedule(due, task));
  }

  close(owner: ElementInstance) {
    if (!owner.timers) return;
    for (const entry of owner.timers) this.rt.due.cancel(entry);
    owner.timers = undefined;
  }
}
