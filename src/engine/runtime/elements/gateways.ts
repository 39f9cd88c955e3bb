/**
 * Gateways: an exclusive gateway evaluates its conditions when activated and takes the first outgoing flow
 * whose condition is true (in model order), else the default flow, else it stays with a CONDITION_ERROR
 * incident that re-evaluates on resolution. A parallel gateway forks to every outgoing flow (its join is
 * handled where tokens arrive, in ../lifecycle.ts).
 */

import { feelContext } from '../mappings';
import type { ElementBehavior } from './element-behavior';

export const exclusiveGateway: ElementBehavior = {
  onActivated(rt, instance) {
    const element = instance.element;
    try {
      for (const flow of element.outgoing) {
        if (flow === element.defaultFlow) continue;
        if (
          !flow.condition ||
          flow.condition.evaluate((name) => rt.variables.lookup(instance, name), feelContext(rt)) === true
        ) {
          instance.chosenFlows = [flow];
          break;
        }
      }
    } catch (err) {
      rt.incidents.raiseForEvaluation(err, instance, () => exclusiveGateway.onActivated(rt, instance));
      return;
    }
    if (!instance.chosenFlows && element.defaultFlow) instance.chosenFlows = [element.defaultFlow];
    if (!instance.chosenFlows && element.outgoing.length > 0) {
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
  outgoing: takeChosenFlows,
};

/** An inclusive gateway forks to every outgoing flow whose condition is true, else to its default flow. */
export const inclusiveGateway: ElementBehavior = {
  onActivated(rt, instance) {
    const element = instance.element;
    let chosen: typeof element.outgoing;
    try {
      chosen = element.outgoing.filter(
        (flow) =>
          flow !== element.defaultFlow &&
          (!flow.condition ||
            flow.condition.evaluate((name) => rt.variables.lookup(instance, name), feelContext(rt)) === true),
      );
    } catch (err) {
      rt.incidents.raiseForEvaluation(err, instance, () => inclusiveGateway.onActivated(rt, instance));
      return;
    }
    if (chosen.length === 0 && element.defaultFlow) chosen = [element.defaultFlow];
    if (chosen.length === 0 && element.outgoing.length > 0) {
      rt.incidents.raise(
        'CONDITION_ERROR',
        `Expected at least one condition to evaluate to true, or to have a default flow (gateway '${element.id}')`,
        instance,
        () => inclusiveGateway.onActivated(rt, instance),
      );
      return;
    }
    instance.chosenFlows = chosen;
    rt.lifecycle.complete(instance);
  },
  outgoing: takeChosenFlows,
};

/**
 * An event-based gateway waits on the catch events after it; the first to trigger wins (EventTriggers
 * records its flow and completes the gateway), the other subscriptions close with the gateway.
 */
export const eventBasedGateway: ElementBehavior = {
  onActivated(rt, instance) {
    try {
      for (const flow of instance.element.outgoing) rt.triggers.openFor(instance, flow.target);
    } catch (err) {
      rt.timers.close(instance);
      rt.messages.closeSubscriptions(instance);
      rt.signals.closeSubscriptions(instance);
      rt.incidents.raiseForEvaluation(err, instance, () => eventBasedGateway.onActivated(rt, instance));
    }
  },
  outgoing: takeChosenFlows,
};

function takeChosenFlows(_rt: unknown, instance: { chosenFlows?: import('../../model/process-model').SequenceFlow[] }) {
  const flows = instance.chosenFlows ?? [];
  instance.chosenFlows = undefined;
  return flows;
}

export const parallelGateway: ElementBehavior = {
  onActivated(rt, instance) {
    rt.lifecycle.complete(instance);
  },
};
