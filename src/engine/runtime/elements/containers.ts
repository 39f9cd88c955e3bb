/**
 * Containers: the process itself and embedded sub-processes start at their none start event; an event
 * sub-process starts at the start event that triggered it, which carries the trigger's variables. A
 * container completes when its last child has completed (../lifecycle.ts, completeScopeIfDone).
 */
import type { ElementBehavior } from './element-behavior';

export const processOrSubProcess: ElementBehavior = {
  onActivated(rt, instance) {
    // A process instance created at a specific start event already has that child.
    if (instance.children.length > 0) return;
    const start = instance.element.noneStartEvent;
    if (start) rt.lifecycle.activateChild(instance, start);
    else rt.lifecycle.completeScopeIfDone(instance);
  },
};

export const eventSubProcess: ElementBehavior = {
  onActivated(rt, instance) {
    const start = instance.element.startEvent;
    const payload = instance.payload;
    instance.payload = undefined;
    if (start) rt.lifecycle.activateChild(instance, start, payload);
  },
};
