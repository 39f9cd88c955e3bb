/**
 * `zeebe:executionListeners` and `zeebe:taskListeners` as Zeebe 8.8 reads them: each listener a job type and
 * retries (static or FEEL), kept in model order per event type. The deploy checks are Zeebe's: no start
 * listeners on start and boundary events, no end listeners on gateways and error end events, none on
 * compensation boundary events, and each (eventType, type) once.
 */
import { type CompiledExpression, compileExpression } from '../feel';
import type { ProblemSink } from './element-properties';
import type { FlowElement } from './process-model';
import type { ModdleElement } from './read-bpmn';

export interface Listener {
  type: CompiledExpression;
  retries: CompiledExpression;
}

export type ExecutionListenerEvent = 'start' | 'end';
export type TaskListenerEvent = 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';

export type ExecutionListeners = Partial<Record<ExecutionListenerEvent, Listener[]>>;
export type TaskListeners = Partial<Record<TaskListenerEvent, Listener[]>>;

const TASK_EVENTS: readonly string[] = ['creating', 'assigning', 'updating', 'completing', 'canceling'];
/** the names before 8.8 that Zeebe still reads (ZeebeTaskListenerEventType's aliases) */
const TASK_EVENT_ALIASES: Record<string, TaskListenerEvent> = {
  create: 'creating',
  assignment: 'assigning',
  update: 'updating',
  complete: 'completing',
  cancel: 'canceling',
};

const GATEWAYS = new Set(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway']);

export function readExecutionListeners(element: FlowElement, value: ModdleElement, problems: ProblemSink) {
  const declared = (value.listeners ?? []) as ModdleElement[];
  reportDuplicates(element.id, declared, problems);
  const listeners: ExecutionListeners = {};
  for (const source of declared) {
    const eventType = source.eventType ?? 'start';
    if (eventType !== 'start' && eventType !== 'end') {
      problems.add(element.id, `Execution listener eventType '${eventType}' is not one of [start, end]`);
      continue;
    }
    const listener = readListener(element.id, source, 'execution listener', problems);
    if (listener)
      listeners[eventType as ExecutionListenerEvent] = [
        ...(listeners[eventType as ExecutionListenerEvent] ?? []),
        listener,
      ];
  }
  element.executionListeners = listeners;
}

export function readTaskListeners(element: FlowElement, value: ModdleElement, problems: ProblemSink) {
  const declared = (value.listeners ?? []) as ModdleElement[];
  const listeners: TaskListeners = {};
  for (const source of declared) {
    const raw = String(source.eventType ?? '');
    const eventType = TASK_EVENTS.includes(raw) ? (raw as TaskListenerEvent) : TASK_EVENT_ALIASES[raw];
    if (!eventType) {
      problems.add(element.id, `Task listener eventType '${raw}' is not one of [${TASK_EVENTS.join(', ')}]`);
      continue;
    }
    const listener = readListener(element.id, source, 'task listener', problems);
    if (listener) listeners[eventType] = [...(listeners[eventType] ?? []), listener];
  }
  element.taskListeners = listeners;
}

/** Zeebe's rejections of listeners an element kind cannot run (checked once the element is complete). */
export function checkExecutionListeners(element: FlowElement, problems: ProblemSink) {
  const listeners = element.executionListeners;
  if (!listeners) return;
  const { start, end } = listeners;
  const kind = element.kind;
  if (kind === 'boundaryEvent' && element.eventDefinition.kind === 'compensate' && (start || end)) {
    problems.add(
      element.id,
      "Execution listeners of type 'start' and 'end' are not supported by [compensation] boundary events",
    );
    return;
  }
  if (start && kind === 'startEvent') {
    problems.add(element.id, "Execution listeners of type 'start' are not supported by start events");
  }
  if (start && kind === 'boundaryEvent') {
    problems.add(element.id, "Execution listeners of type 'start' are not supported by boundary events");
  }
  if (end && GATEWAYS.has(kind)) {
    problems.add(element.id, "Execution listeners of type 'end' are not supported by gateway element");
  }
  if (end && kind === 'endEvent' && element.eventDefinition.kind === 'error') {
    problems.add(element.id, "Execution listeners of type 'end' are not supported by [error] end events");
  }
}

/** Zeebe's TaskListenersValidator: task listeners belong to a Camunda user task (`zeebe:userTask`). */
export function checkTaskListeners(element: FlowElement, problems: ProblemSink) {
  const declared = Object.values(element.taskListeners ?? {}).some((l) => l && l.length > 0);
  if (declared && !element.userTask?.camundaUserTask)
    problems.add(element.id, 'Task listeners are only allowed on Camunda user tasks.');
}

function readListener(elementId: string, source: ModdleElement, what: string, problems: ProblemSink) {
  if (!source.type?.trim()) {
    problems.add(elementId, `Attribute 'type' of a ${what} must be present and not empty`);
    return undefined;
  }
  try {
    return { type: compileExpression(source.type), retries: compileExpression(source.retries ?? '3') };
  } catch (err) {
    problems.add(elementId, `Invalid FEEL expression for ${what} '${source.type}': ${(err as Error).message}`);
    return undefined;
  }
}

function reportDuplicates(elementId: string, declared: ModdleElement[], problems: ProblemSink) {
  const counts = new Map<string, number>();
  for (const l of declared) {
    const key = `${l.eventType ?? 'start'}|${l.type ?? ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, n] of counts) {
    if (n < 2) continue;
    const [eventType, type] = key.split('|');
    problems.add(
      elementId,
      `Found '${n}' duplicates based on eventType[${eventType}] and type[${type}], these combinations should be unique.`,
    );
  }
}
