/**
 * Start events that belong to the latest version of a process rather than to an instance: timer start
 * events (scheduled when the version is deployed, re-armed per cycle) and the registration of message
 * and signal start events. A new version, or deleting the latest one, moves them to the new latest.
 */
import type { ProcessDefinition } from '../deployments';
import type { DueEntry } from '../due-queue';
import { toIsoString } from '../feel';
import type { FlowElement } from '../model/process-model';
import { type Cycle, firstDueDate, parseCycle } from '../time';
import { feelContext } from './mappings';
import type { Runtime } from './runtime';

/** What an armed timer start event waits for, kept as data so a snapshot can re-arm it. */
export interface ArmedStartTimer {
  definition: ProcessDefinition;
  event: FlowElement;
  cycle?: { text: string; repetitions: number | 'infinite' };
}

/** A message or signal start event of a process's latest version (registered under its name). */
export interface NamedStartEvent {
  definition: ProcessDefinition;
  event: FlowElement;
}

/**
 * Replaces the start events of one process in a registry by name (messages.ts, signals.ts): with `events`
 * of `definition` (undefined: none), each under the name `nameOf` gives it (undefined: not registered).
 */
export function replaceStartEvents(
  registry: Map<string, NamedStartEvent[]>,
  bpmnProcessId: string,
  definition: ProcessDefinition | undefined,
  events: readonly FlowElement[],
  nameOf: (event: FlowElement) => string | undefined,
) {
  for (const [name, list] of registry) {
    registry.set(
      name,
      list.filter((s) => s.definition.bpmnProcessId !== bpmnProcessId),
    );
  }
  if (!definition) return;
  for (const event of events) {
    const name = nameOf(event);
    if (name === undefined) continue;
    const list = registry.get(name) ?? [];
    list.push({ definition, event });
    registry.set(name, list);
  }
}

export class StartEvents {
  /** armed timer start events per bpmnProcessId (read by journal/engine-snapshot.ts) */
  readonly timers = new Map<string, DueEntry[]>();
  readonly armed = new WeakMap<DueEntry, ArmedStartTimer>();

  constructor(private readonly rt: Runtime) {}

  /** `definition` is now the latest version of its process (undefined: the process has no version left). */
  activate(bpmnProcessId: string, definition: ProcessDefinition | undefined) {
    for (const entry of this.timers.get(bpmnProcessId) ?? []) this.rt.due.cancel(entry);
    this.timers.delete(bpmnProcessId);
    this.rt.messages.registerStartEvents(bpmnProcessId, definition);
    this.rt.signals.registerStartEvents(bpmnProcessId, definition);
    for (const event of definition?.model.timerStartEvents ?? [])
      this.scheduleTimer(definition as ProcessDefinition, event);
  }

  private scheduleTimer(definition: ProcessDefinition, event: FlowElement) {
    const timer = event.eventDefinition;
    if (timer.kind !== 'timer') return;
    try {
      const raw = timer.value.evaluate(() => undefined, feelContext(this.rt));
      const text = typeof raw === 'string' ? raw : toIsoString(raw);
      if (!text) throw new Error(`the ${timer.timerKind} evaluated to '${String(raw)}'`);
      const first = firstDueDate(timer.timerKind, text, this.rt.clock.now());
      this.arm(definition, event, first.due, first.remaining, text);
    } catch (err) {
      this.rt.logger.warn(
        { err, bpmnProcessId: definition.bpmnProcessId, elementId: event.id },
        'timer start event cannot be scheduled',
      );
    }
  }

  /** Re-arms a timer start event from a snapshot. */
  restore(timer: ArmedStartTimer, due: number) {
    const cycle = timer.cycle ? { ...parseCycle(timer.cycle.text), repetitions: timer.cycle.repetitions } : undefined;
    this.arm(timer.definition, timer.event, due, cycle, timer.cycle?.text ?? '');
  }

  private arm(definition: ProcessDefinition, event: FlowElement, due: number, cycle: Cycle | undefined, text: string) {
    const list = this.timers.get(definition.bpmnProcessId) ?? [];
    const entry = this.rt.due.schedule(due, () => {
      this.timers.set(
        definition.bpmnProcessId,
        (this.timers.get(definition.bpmnProcessId) ?? []).filter((e) => e !== entry),
      );
      this.rt.lifecycle.createProcessInstance(definition, {}, event);
      if (cycle && (cycle.repetitions === 'infinite' || cycle.repetitions > 1)) {
        const next: Cycle = {
          ...cycle,
          repetitions: cycle.repetitions === 'infinite' ? 'infinite' : cycle.repetitions - 1,
        };
        this.arm(definition, event, due + cycle.interval.ms(due), next, text);
      }
    });
    this.armed.set(entry, { definition, event, cycle: cycle ? { text, repetitions: cycle.repetitions } : undefined });
    list.push(entry);
    this.timers.set(definition.bpmnProcessId, list);
  }
}
