/**
 * Events. Start and boundary events complete as soon as they are activated (their trigger already
 * happened). End events: none ends the token; error throws a BPMN error; terminate ends the whole scope;
 * compensation runs handlers and waits for them; escalation escalates (escalations.ts). A link throw event
 * continues at its link catch event. Intermediate catch events wait for their message or
 * timer; intermediate throw events either pass through or throw compensation. Message throw and end
 * events with a task definition create a job, as Zeebe's do.
 */

import type { ElementInstance } from '../element-instance';
import { throwEscalation } from '../escalations';
import { feelContext } from '../mappings';
import type { Runtime } from '../runtime';
import type { ElementBehavior } from './element-behavior';
import { jobWorkerTask } from './tasks';

const completeAtOnce: ElementBehavior = {
  onActivated(rt, instance) {
    rt.lifecycle.complete(instance);
  },
};

export const startEvent = completeAtOnce;
export const boundaryEvent = completeAtOnce;

export const endEvent: ElementBehavior = {
  onActivated(rt, instance) {
    if (instance.element.taskDefinition) return jobWorkerTask.onActivated(rt, instance);
    const definition = instance.element.eventDefinition;
    switch (definition.kind) {
      case 'error':
        return throwErrorEvent(rt, instance, definition.errorCode ?? '');
      case 'terminate':
        return terminateScope(rt, instance);
      case 'compensate':
        return rt.compensation.throw(instance, definition.activityRef);
      case 'signal':
        broadcastSignal(rt, instance);
        return rt.lifecycle.complete(instance);
      case 'escalation':
        return escalate(rt, instance);
      default:
        return rt.lifecycle.complete(instance);
    }
  },
};

export const intermediateThrowEvent: ElementBehavior = {
  onActivated(rt, instance) {
    if (instance.element.taskDefinition) return jobWorkerTask.onActivated(rt, instance);
    const definition = instance.element.eventDefinition;
    if (definition.kind === 'compensate') return rt.compensation.throw(instance, definition.activityRef);
    if (definition.kind === 'escalation') return escalate(rt, instance);
    if (definition.kind === 'signal') broadcastSignal(rt, instance);
    rt.lifecycle.complete(instance);
  },
  /** a link throw event continues at its catch event in the same scope, as a sequence flow would */
  onCompleting(rt, instance) {
    const target = instance.element.linkCatch;
    if (target && instance.parent) rt.lifecycle.activateChild(instance.parent, target);
  },
};

/** Escalations are non-critical: the throw event completes unless an interrupting catch event ends it. */
function escalate(rt: Runtime, instance: ElementInstance) {
  if (throwEscalation(rt, instance)) rt.lifecycle.complete(instance);
}

/** A signal throw event broadcasts its signal (with no variables, as Zeebe's throw events do). */
function broadcastSignal(rt: Runtime, instance: ElementInstance) {
  const definition = instance.element.eventDefinition;
  if (definition.kind !== 'signal') return;
  const name = definition.signalName.evaluate((n) => rt.variables.lookup(instance, n), feelContext(rt, instance));
  rt.signals.broadcast(String(name), {});
}

export const intermediateCatchEvent: ElementBehavior = {
  onActivated(rt, instance) {
    const event = instance.element;
    // activated by an event-based gateway whose winning event this is: it already happened
    if (instance.payload) return rt.lifecycle.complete(instance);
    // a link catch event is reached through its throw event: nothing left to wait for
    if (event.eventDefinition.kind === 'none' || event.eventDefinition.kind === 'link') rt.lifecycle.complete(instance);
    else rt.triggers.openAll(instance, [event]);
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
