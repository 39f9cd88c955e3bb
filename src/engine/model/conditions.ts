/**
 * Conditional events (Camunda 8.9): a FEEL condition on a root-level start event, an event sub-process start,
 * an intermediate catch or a boundary event, with an optional `zeebe:conditionalFilter variableEvents`
 * (create, update) that limits which variable changes re-evaluate it. Per scope, no two conditional
 * subscriptions may have the same condition (Zeebe's model validation).
 */
import { compileExpression } from '../feel';
import type { ProblemSink } from './element-properties';
import type { EventDefinition, FlowElement, VariableEvent } from './process-model';
import type { ModdleElement } from './read-bpmn';

const variableEvents = new Set<VariableEvent>(['create', 'update']);

export function conditionalDefinition(
  element: FlowElement,
  definition: ModdleElement,
  problems: ProblemSink,
): EventDefinition {
  const body: string = definition.condition?.body?.trim() ?? '';
  if (element.kind === 'endEvent' || element.kind === 'intermediateThrowEvent') {
    problems.add(element.id, "Event definition of type 'ConditionalEventDefinition' is not supported here");
    return { kind: 'none' };
  }
  if (body === '') {
    problems.add(element.id, 'Must have a condition expression');
    return { kind: 'none' };
  }
  const filter = (definition.extensionElements?.values ?? []).find(
    (v: ModdleElement) => v.$type === 'zeebe:ConditionalFilter',
  );
  const events = String(filter?.variableEvents ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = events.find((e) => !variableEvents.has(e as VariableEvent));
  if (unknown) problems.add(element.id, `Expected variableEvents to be create or update, but found '${unknown}'`);
  try {
    const condition = compileExpression(body.startsWith('=') ? body : `=${body}`);
    return {
      kind: 'conditional',
      condition,
      variableEvents: events.length > 0 ? (events as VariableEvent[]) : undefined,
    };
  } catch (err) {
    problems.add(element.id, `Invalid FEEL expression for condition '${body}': ${(err as Error).message}`);
    return { kind: 'none' };
  }
}

/** Zeebe's check of a scope's conditional subscriptions: each condition once per scope. */
export function checkConditionalCatches(container: FlowElement, problems: ProblemSink) {
  const starts = container.eventSubProcesses.map((sub) => sub.startEvent).filter((s) => s !== undefined);
  const rootStarts = container.kind === 'process' ? container.children.filter((c) => c.kind === 'startEvent') : [];
  checkDuplicates(container.id, [...starts, ...rootStarts], problems);
  for (const child of container.children) checkDuplicates(child.id, child.boundaryEvents, problems);
}

function checkDuplicates(scopeId: string, events: FlowElement[], problems: ProblemSink) {
  const conditions = events
    .map((e) => (e.eventDefinition.kind === 'conditional' ? e.eventDefinition.condition.source : undefined))
    .filter((c) => c !== undefined);
  for (const condition of new Set(conditions)) {
    if (conditions.indexOf(condition) !== conditions.lastIndexOf(condition)) {
      problems.add(
        scopeId,
        `Cannot have more than one conditional event subscription with the same condition '${condition}'`,
      );
    }
  }
}
