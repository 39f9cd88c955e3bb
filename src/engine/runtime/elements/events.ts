/**
 * Events. Start and boundary events complete as soon as they are activated (their trigger already
 * happened). End events: none ends the token; error throws a BPMN error; terminate ends the whole scope;
 * compensation runs handlers and waits for them. Intermediate catch events wait for their message or
 * timer; intermediate throw events either pass through or throw compensation.
 */
import type { ElementBehavior } from './element-behavior';
import type { ElementInstance } from '../element-instance';
import type { Runtime } from '../runtime';

const completeAtOnce: ElementBehavior = {
  onActivated(rt, instance) {
    rt.lifecycle.complete(instance);
  },
};

export const startEvent = completeAtOnce;
export const boundaryEvent = completeAtOnce;

export const endEvent: ElementBehavior = {
  onActivated(rt, instance) {
    const definition = instance.element.eventDefinition;
    switch (definition.kind) {
      case 'error':
        return throwErrorEvent(rt, instance, definition.errorCode ?? '');
      case 'terminate':
        return terminateScope(rt, instance);
      case 'compensate':
        return rt.compensation.throw(instance, definition.activityRef);
      default:
        return rt.lifecycle.complete(instance);
    }
  },
};

export const intermediateThrowEvent: ElementBehavior = {
  onActivated(rt, instance) {
    const definition = instance.element.eventDefinition;
    if (definition.kind === 'compensate') rt.compensation.throw(instance, definition.activityRef);
    else rt.lifecycle.complete(instance);
  },
};

export const intermediateCatchEvent: ElementBehavior = {
  onActivated(rt, instance) {
    const event = instance.element;
    try {
      if (event.eventDefinition.kind === 'message') rt.messages.subscribe(instance, event);
      else if (event.eventDefinition.kind === 'timer') rt.timers.schedule(instance, event, () => rt.triggers.trigger(event, instance, undefined));
      else rt.lifecycle.complete(instance);
    } catch (err) {
      rt.incidents.raiseForEvaluation(err, instance, () => intermediateCatchEvent.onActivated(rt, instance));
    }
  },
};

function throwErrorEvent(rt: Runtime, instance: ElementInstance, errorCode: string) {
  // The end event stays active until the catch event interrupts its scope (Zeebe terminates it then).
  rt.errors.throwError(instance, errorCode, '', {});
}

/** A terminate end event terminates everything else in its scope, then the scope completes. */
function terminateScope(rt: Runtime, instance: ElementInstance) {
  const scope = instance.parent as ElementInstance;
  rt.lifecycle.terminateChildren(
    scope,
    () => {
      rt.lifecycle.complete(instance);
    },
    instance,
  );
}
