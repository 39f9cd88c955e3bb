/**
 * Gateways: an exclusive gateway evaluates its conditions when activated and takes the first outgoing flow
 * whose condition is true (in model order), else the default flow, else it stays with a CONDITION_ERROR
 * incident that re-evaluates on resolution. A parallel gateway forks to every outgoing flow (its join is
 * handled where tokens arrive, in ../lifecycle.ts).
 */
import type { ElementBehavior } from './element-behavior';
import { feelContext } from '../mappings';

export const exclusiveGateway: ElementBehavior = {
  onActivated(rt, instance) {
    const element = instance.element;
    try {
      for (const flow of element.outgoing) {
        if (flow === element.defaultFlow) continue;
        if (!flow.condition) {
          instance.chosenFlow = flow;
          break;
        }
        const value = flow.condition.evaluate((name) => rt.variables.lookup(instance, name), feelContext(rt));
        if (value === true) {
          instance.chosenFlow = flow;
          break;
        }
      }
    } catch (err) {
      rt.incidents.raiseForEvaluation(err, instance, () => exclusiveGateway.onActivated(rt, instance));
      return;
    }
    instance.chosenFlow ??= element.defaultFlow;
    if (!instance.chosenFlow && element.outgoing.length > 0) {
      rt.incidents.raise(
        'CONDITION_ERROR',
        `Expected at least one condition to evaluate to true, or to have a default flow (gateway '${element.id}')`,
        instance,
        () => exclusiveGateway.onActivated(rt, instance),
      );
      return;
    }
    rt.lifecycle.complete(instance);
  },
  outgoing(_rt, instance) {
    const flow = instance.chosenFlow;
    instance.chosenFlow = undefined;
    return flow ? [flow] : [];
  },
};

export const parallelGateway: ElementBehavior = {
  onActivated(rt, instance) {
    rt.lifecycle.complete(instance);
  },
};
