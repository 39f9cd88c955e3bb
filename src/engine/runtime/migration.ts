/**
 * Process instance migration (Zeebe's ProcessInstanceMigrationMigrateProcessor): a running instance moves to
 * another process definition (a newer version or another process), each active element instance to the
 * element its mapping instruction names, keeping its key and what it holds: variables, its job (key, type and
 * retries), its user task (key, assignee), its incident. The process instance's definition key, id and version
 * change in every search.
 *
 * Everything is checked before anything changes (migration-checks.ts, Zeebe's preconditions and rejection
 * texts). Event triggers (boundary events, event sub-process starts, the events after an event-based gateway,
 * a catch event's own subscription) follow their mapping: a timer whose event is mapped keeps its due date, a mapped message or signal subscription
 * stays open; the source's unmapped triggers close and the target's triggers that nothing was mapped to open
 * (unless an interrupting event sub-process runs in the scope). A multi-instance body's inner instances and an
 * active event sub-process move like any element (migration-checks.ts maps them).
 */
import type { ProcessDefinition } from '../deployments';
import type { DueEntry } from '../due-queue';
import type { FlowElement } from '../model/process-model';
import { type ElementInstance, isActive } from './element-instance';
import type { Subscription } from './messages';
import { triggersOf } from './migration-catch-events';
import { checkMigration } from './migration-checks';
import type { Joins } from './migration-joins';
import type { Runtime } from './runtime';

/** The gRPC MigrateProcessInstanceRequest (and REST `.../migration` body) as the engine takes it. */
export interface MigrateProcessInstanceCommand {
  processInstanceKey: string;
  migrationPlan: MigrationPlan;
}

export interface MigrationPlan {
  targetProcessDefinitionKey: string;
  mappingInstructions: MappingInstruction[];
}

export interface MappingInstruction {
  sourceElementId: string;
  targetElementId: string;
}

/** One active element instance and the element of the target definition it becomes. */
export interface ElementMove {
  instance: ElementInstance;
  target: FlowElement;
  /** the tokens waiting at joins of this scope, keyed by the target's gateways */
  joins?: Joins;
}

export function migrateProcessInstance(rt: Runtime, cmd: MigrateProcessInstanceCommand): Record<string, never> {
  const { moves, target, mapping } = checkMigration(rt, cmd);
  const process = rt.processInstances.get(cmd.processInstanceKey);
  if (process) process.definition = target;
  for (const move of moves) migrateElement(rt, move, target, mapping);
  return {};
}

function migrateElement(
  rt: Runtime,
  { instance, target, joins }: ElementMove,
  definition: ProcessDefinition,
  mapping: Map<string, string>,
) {
  const source = instance.element;
  instance.element = target;
  instance.definition = definition;
  if (joins) instance.joins = joins;
  moveTriggers(rt, instance, source, mapping);
  rt.incidents.elementMigrated(instance);
  rt.userTasks.elementMigrated(instance);
}

/**
 * Moves the timers and subscriptions of `instance` (now on its target element) from the source's events to the
 * target's: its own catch event and every mapped trigger are kept, unmapped ones close, unmapped target triggers
 * open.
 */
function moveTriggers(rt: Runtime, instance: ElementInstance, source: FlowElement, mapping: Map<string, string>) {
  const target = instance.element;
  const targetTriggers = triggersOf(target);
  const kept = new Set<FlowElement>();
  /** where a source event of this instance goes, or undefined when it closes */
  const moved = (event: FlowElement): FlowElement | undefined => {
    if (event === source) return target;
    const mappedId = mapping.get(event.id);
    const to = mappedId === undefined ? undefined : targetTriggers.find((t) => t.id === mappedId);
    if (to) kept.add(to);
    return to;
  };
  const keptTimers: DueEntry[] = [];
  for (const entry of instance.timers ?? []) {
    const task = entry.task;
    const to = task.what === 'timer' ? moved(task.event) : undefined;
    if (to && task.what === 'timer') {
      task.event = to;
      keptTimers.push(entry);
    } else {
      rt.due.cancel(entry);
    }
  }
  instance.timers = keptTimers.length > 0 ? keptTimers : undefined;
  const closing = new Set<object>();
  const subscriptions = [
    ...((instance.messageSubscriptions ?? []) as Subscription[]),
    ...rt.signals.subscriptionsOf(instance),
  ];
  for (const sub of subscriptions) {
    const to = moved(sub.event);
    if (to) sub.event = to;
    else closing.add(sub);
  }
  rt.messages.closeSubscriptions(instance, (sub) => closing.has(sub));
  rt.signals.closeSubscriptions(instance, (sub) => closing.has(sub));
  const opening = targetTriggers.filter((t) => !kept.has(t));
  if (opening.length > 0 && isActive(instance) && !interrupted(instance)) rt.triggers.openAll(instance, opening);
}

/** a scope an interrupting event sub-process runs in has closed its triggers for good (Zeebe's interrupted scope) */
function interrupted(scope: ElementInstance): boolean {
  return scope.children.some((c) => isActive(c) && c.element.kind === 'eventSubProcess' && c.element.interrupting);
}
