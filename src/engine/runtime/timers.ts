/**
 * Timer events on the engine clock: intermediate timer catch events, timer boundary events and timer
 * event sub-process starts. Durations, dates and cycles come from FEEL or static ISO 8601 values; cycles
 * re-arm after each non-interrupting firing until their repetitions run out.
 */
import type { DueEntry } from '../due-queue';
import { toIsoString } from '../feel';
import type { FlowElement } from '../model/process-model';
import { type Cycle, firstDueDate, parseCycle, TimerValueError } from '../time';
import { appended, type ElementInstance } from './element-instance';
import { IncidentError } from './incidents';
import { feelContext } from './mappings';
import type { Runtime } from './runtime';

/** What an armed timer waits for, kept as data so a snapshot can re-arm it (journal/engine-snapshot.ts). */
export interface ArmedTimer {
  owner: ElementInstance;
  event: FlowElement;
  /** for cycles: the evaluated timer value and the firings left */
  cycle?: { text: string; repetitions: number | 'infinite' };
}

export class TimerService {
  readonly armed = new WeakMap<DueEntry, ArmedTimer>();

  constructor(private readonly rt: Runtime) {}

  /** Arms the timer of `event` for `owner`; `fire` runs inside the engine when it falls due. */
  schedule(owner: ElementInstance, event: FlowElement, fire: () => void) {
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
    let first: { due: number; remaining?: Cycle };
    try {
      first = firstDueDate(definition.timerKind, text, this.rt.clock.now());
    } catch (err) {
      if (err instanceof TimerValueError)
        throw new IncidentError('EXTRACT_VALUE_ERROR', `Invalid timer of '${event.id}': ${err.message}`);
      throw err;
    }
    this.arm(owner, first.due, first.remaining, event, fire, text);
  }

  /** Re-arms a timer from a snapshot, with the same firing as `schedule` (EventTriggers.openFor) gives it. */
  restore(timer: ArmedTimer, due: number) {
    const cycle = timer.cycle ? { ...parseCycle(timer.cycle.text), repetitions: timer.cycle.repetitions } : undefined;
    const fire = () => this.rt.triggers.trigger(timer.event, timer.owner, undefined);
    this.arm(timer.owner, due, cycle, timer.event, fire, timer.cycle?.text ?? '');
  }

  private arm(
    owner: ElementInstance,
    due: number,
    cycle: Cycle | undefined,
    event: FlowElement,
    fire: () => void,
    text: string,
  ) {
    const entry = this.rt.due.schedule(due, () => {
      owner.timers = owner.timers?.filter((t) => t !== entry);
      const repeats = cycle && !event.interrupting && (cycle.repetitions === 'infinite' || cycle.repetitions > 1);
      fire();
      if (repeats && cycle && owner.state === 'ACTIVATED') {
        const next: Cycle = {
          ...cycle,
          repetitions: cycle.repetitions === 'infinite' ? 'infinite' : cycle.repetitions - 1,
        };
        this.arm(owner, due + cycle.interval.ms(due), next, event, fire, text);
      }
    });
    this.armed.set(entry, { owner, event, cycle: cycle ? { text, repetitions: cycle.repetitions } : undefined });
    owner.timers = appended(owner.timers, entry);
  }

  close(owner: ElementInstance) {
    if (!owner.timers) return;
    for (const entry of owner.timers) this.rt.due.cancel(entry);
    owner.timers = undefined;
  }
}
