/**
 * Gateways: an exclusive gateway evaluates its conditions when activated and takes the first outgoing flow
 * whose condition is true (in model order), else the default flow, else it stays with a CONDITION_ERROR
 * incident that re-evaluates on resolution. A parallel gateway forks to every outgoing flow (its join is
 * handled where tokens arrive, in ../lifecycle.ts).
 */

import { unexpectedResultType } from '../../feel';
import type { SequenceFlow } from '../../model/process-model';
import type { ElementInstance } from '../element-instance';
import { IncidentError } from '../incidents';
import { feelContext } from '../mappings';
import type { Runtime } from '../runtime';
import type { ElementBehavior } from './element-behavior';

/**
 * Whether a flow's condition holds. Only a gateway's single outgoing flow may lack one (deploy validation
 * rejects the rest), and it is taken. A condition must be a boolean: anything else (a missing variable gives
 * null) is an EXTRACT_VALUE_ERROR naming the type it was, as Zeebe's evaluateBooleanExpression.
 */
function conditionHolds(rt: Runtime, instance: ElementInstance, flow: SequenceFlow): boolean {
  const condition = flow.condition;
  if (!condition) return true;
  const lookup = (name: string) => rt.variables.lookup(instance, name);
  const value = condition.evaluate(lookup, feelContext(rt, instance));
  if (typeof value === 'boolean') return value;
  const { warnings } = condition.evaluateWithWarnings(lookup, feelContext(rt, instance));
  throw new IncidentError('EXTRACT_VALUE_ERROR', unexpectedResultType(condition, 'BOOLEAN', value, warnings));
}

/**
 * The flows a diverging gateway takes: those whose condition holds (only the first, for an exclusive
 * gateway), else its default flow; none at all stops the gateway with a CONDITION_ERROR incident.
 */
function chooseFlows(rt: Runtime, instance: ElementInstance, firstOnly: boolean): SequenceFlow[] {
  const element = instance.element;
  const chosen: SequenceFlow[] = [];
  for (const flow of element.outgoing) {
    if (flow === element.defaultFlow || !conditionHolds(rt, instance, flow)) continue;
    chosen.push(flow);
    if (firstOnly) break;
  }
  if (chosen.length === 0 && element.defaultFlow) chosen.push(element.defaultFlow);
  if (chosen.length === 0 && element.outgoing.length > 0) {
    throw new IncidentError(
      'CONDITION_ERROR',
      `Expected at least one condition to evaluate to true, or to have a default flow (gateway '${element.id}')`,
    );
  }
  return chosen;
}

export const exclusiveGateway: ElementBehavior = {
  onActivated(rt, instance) {
    instance.chosenFlows = chooseFlows(rt, instance, true);
    rt.lifecycle.complete(instance);
  },
  outgoing: takeChosenFlows,
};

/** An inclusive gateway forks to every outgoing flow whose condition is true, else to its default flow. */
export const inclusiveGateway: ElementBehavior = {
  onActivated(rt, instance) {
    instance.chosenFlows = chooseFlows(rt, instance, false);
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
    rt.triggers.openAll(
      instance,
      instance.element.outgoing.map((flow) => flow.target),
    );
  },
  outgoing: takeChosenFlows,
};

function takeChosenFlows(_rt: Runtime, instance: ElementInstance) {
  const flows = instance.chosenFlows ?? [];
  instance.chosenFlows = undefined;
  return flows;
}

export const parallelGateway: ElementBehavior = {
  onActivated(rt, instance) {
    rt.lifecycle.complete(instance);
  },
};
