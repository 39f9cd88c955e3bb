/**
 * Escalation propagation (Zeebe's BpmnEventPublicationBehavior.throwEscalationEvent): from the thrower's flow
 * scope outwards, and past a called process's root to its call activity, the first scope with a matching
 * catch event (its event sub-process starts and its boundary events; one naming the code beats a catch-all)
 * catches it. Escalations are non-critical: uncaught, or caught by a non-interrupting event, the throw event
 * completes and its flows are taken; an interrupting catch terminates the thrower with its scope instead.
 */
import { unexpectedResultType } from '../feel';
import { caughtCode } from '../model/escalations';
import type { FlowElement } from '../model/process-model';
import { type ElementInstance, isActive } from './element-instance';
import { IncidentError } from './incidents';
import { feelContext } from './mappings';
import type { Runtime } from './runtime';

/** Throws the escalation of `thrower` (an escalation throw or end event); returns whether it may complete. */
export function throwEscalation(rt: Runtime, thrower: ElementInstance): boolean {
  const code = escalationCode(rt, thrower);
  for (let scope = thrower.parent; scope && isActive(scope); scope = outerScope(rt, scope)) {
    const event = matching(catchEventsOf(scope.element), code);
    if (!event) continue;
    rt.triggers.trigger(event, scope, undefined);
    return !event.interrupting;
  }
  return true;
}

function escalationCode(rt: Runtime, thrower: ElementInstance): string {
  const definition = thrower.element.eventDefinition;
  const expression = definition.kind === 'escalation' ? definition.escalationCode : undefined;
  if (!expression) return '';
  const lookup = (name: string) => rt.variables.lookup(thrower, name);
  const value = expression.evaluate(lookup, feelContext(rt, thrower));
  if (typeof value === 'string') return value;
  const { warnings } = expression.evaluateWithWarnings(lookup, feelContext(rt, thrower));
  throw new IncidentError('EXTRACT_VALUE_ERROR', unexpectedResultType(expression, 'STRING', value, warnings));
}

/** What catches an escalation at a scope: its event sub-process starts and the boundary events attached to it. */
function catchEventsOf(element: FlowElement): FlowElement[] {
  const starts = element.eventSubProcesses.map((sub) => sub.startEvent).filter((s) => s !== undefined);
  return [...starts, ...element.boundaryEvents];
}

function matching(events: FlowElement[], code: string): FlowElement | undefined {
  let catchAll: FlowElement | undefined;
  for (const event of events) {
    const caught = caughtCode(event);
    if (caught === code && code !== '') return event;
    if (caught === '') catchAll ??= event;
  }
  return catchAll;
}

/** The enclosing scope; past a called process's root, the call activity that started it. */
function outerScope(rt: Runtime, instance: ElementInstance): ElementInstance | undefined {
  if (instance.parent) return instance.parent;
  return rt.processInstances.get(instance.key)?.callActivity;
}
