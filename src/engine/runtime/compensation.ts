/**
 * Compensation as Zeebe 8.5+ runs it. A completed activity with a compensation handler leaves a record in
 * its scope (completed sub-processes carry their inner records along). A compensation throw or end event
 * compensates the records of its scope — all of them, or only `activityRef`'s — running every selected
 * handler at once, each once per completion, and completes when all handlers have completed. Thrown from
 * an event sub-process, it compensates the scope that contains the event sub-process.
 */
import type { FlowElement } from '../model/process-model';
import type { CompensableRecord, ElementInstance } from './element-instance';
import type { Runtime } from './runtime';

export class CompensationService {
  constructor(private readonly rt: Runtime) {}

  /** Called for every completed element: remembers what can later be compensated. */
  recordCompletion(instance: ElementInstance) {
    const scope = instance.parent;
    if (!scope) return;
    const element = instance.element;
    const nested = instance.compensable ?? [];
    instance.compensable = undefined;
    if (!element.compensationHandler && nested.length === 0) return;
    scope.compensable ??= [];
    scope.compensable.push({ element, instanceKey: instance.key, nested });
  }

  /** A compensation throw/end event activated: start its handlers, or complete at once if none apply. */
  throw(throwEvent: ElementInstance, activityRef: string | undefined) {
    let scope = throwEvent.parent as ElementInstance;
    if (scope.element.kind === 'eventSubProcess' && scope.parent) scope = scope.parent;
    const records = scope.compensable ?? [];
    const selected = activityRef ? records.filter((r) => r.element.id === activityRef) : records;
    scope.compensable = records.filter((r) => !selected.includes(r));
    const handlers: FlowElement[] = [];
    const collect = (record: CompensableRecord) => {
      if (record.element.compensationHandler) handlers.push(record.element);
      else record.nested.forEach(collect);
    };
    selected.forEach(collect);
    throwEvent.pendingHandlers = handlers.length;
    if (handlers.length === 0) {
      this.rt.lifecycle.complete(throwEvent);
      return;
    }
    const handlerScope = throwEvent.parent as ElementInstance;
    for (const activity of handlers) {
      if (activity.compensationBoundary) this.rt.lifecycle.activateChild(handlerScope, activity.compensationBoundary);
      const handler = this.rt.lifecycle.activateChild(handlerScope, activity.compensationHandler as FlowElement);
      handler.compensationThrow = throwEvent;
    }
  }

  /** A handler completed (or was terminated): the throw event completes after the last one completes. */
  handlerDone(handler: ElementInstance) {
    const throwEvent = handler.compensationThrow;
    handler.compensationThrow = undefined;
    if (!throwEvent || handler.state !== 'COMPLETED') return;
    throwEvent.pendingHandlers = (throwEvent.pendingHandlers ?? 1) - 1;
    if (throwEvent.pendingHandlers === 0) this.rt.lifecycle.complete(throwEvent);
  }
}
