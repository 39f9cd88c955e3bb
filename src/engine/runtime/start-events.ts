/**
 * Start events that belong to the latest version of a process rather than to an instance: timer start
 * events (scheduled when the version is deployed, re-armed per cycle) and the registration of message
 * and signal start events. A new version, or deleting the latest one, moves them to the new latest.
 */
import type { ProcessDefinition } from '../deployments';
import type { DueEntry } from '../due-queue';
import { toIsoString } from '../feel';
import type { FlowElement } from '../model/process-model';
import { firstDueDate } from '../time';
import { type DueTask, nextCycle } from './due-tasks';
import { feelContext } from './mappings';
import type { Runtime } from './runtime';

type StartTimerTask = Extract<DueTask, { what: 'startTimer' }>;

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
  /** armed timer start events per bpmnProcessId */
  private readonly timers = new Map<string, DueEntry[]>();

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
      const cycle = first.remaining && { text, remaining: first.remaining };
      this.arm({ what: 'startTimer', definition, event, cycle }, first.due);
    } catch (err) {
      this.rt.logger.warn(
        { err, bpmnProcessId: definition.bpmnProcessId, elementId: event.id },
        'timer start event cannot be scheduled',
      );
    }
  }

  /** Re-arms a timer start event a snapshot held (state/due-state.ts). */
  restore(task: StartTimerTask, due: number) {
    this.arm(task, due);
  }

  /** The timer fell due (due-tasks.ts): an instance starts, and a cycle re-arms. */
  fire(task: StartTimerTask, due: number) {
    const { definition, event } = task;
    const id = definition.bpmnProcessId;
    this.timers.set(
      id,
      (this.timers.get(id) ?? []).filter((e) => e.task !== task),
    );
    this.rt.lifecycle.createProcessInstance(definition, {}, event);
    const next = nextCycle(task.cycle);
    if (next && task.cycle) this.arm({ ...task, cycle: next }, due + task.cycle.remaining.interval.ms(due));
  }

  private arm(task: StartTimerTask, due: number) {
    const list = this.timers.get(task.definition.bpmnProcessId) ?? [];
    list.push(this.rt.due.schedule(due, task));
    this.timers.set(task.definition.bpmnProcessId, list);
  }
}
