/**
 * Escalation events as Zeebe's model validation reads them: a throw event (intermediate or end) must reference
 * an escalation with a code (static or FEEL); a catch event (boundary, event sub-process start) reads a static
 * code, or none to catch every escalation. Per scope, no two catch events for the same code and one catch-all
 * at most; escalation boundary events attach to sub-processes and call activities only.
 */
import { compileExpression } from '../feel';
import type { ProblemSink } from './element-properties';
import type { EventDefinition, FlowElement } from './process-model';
import type { ModdleElement } from './read-bpmn';

export function escalationDefinition(
  element: FlowElement,
  definition: ModdleElement,
  problems: ProblemSink,
): EventDefinition {
  const escalation = definition.escalationRef;
  const code: string = escalation?.escalationCode?.trim() ?? '';
  const throws = element.kind === 'intermediateThrowEvent' || element.kind === 'endEvent';
  if (throws) {
    if (!escalation) problems.add(element.id, 'Must reference an escalation');
    else if (code === '') problems.add(escalation.id, 'EscalationCode must be present and not empty');
  } else if (element.kind === 'intermediateCatchEvent' || isProcessStart(element)) {
    problems.add(element.id, "Event definition of type 'EscalationEventDefinition' is not supported here");
  } else if (code.startsWith('=')) {
    problems.add(element.id, 'The escalationCode of the escalation catch event is not allowed to be an expression');
    return { kind: 'escalation' };
  }
  if (code === '') return { kind: 'escalation' };
  try {
    return { kind: 'escalation', escalationCode: compileExpression(code) };
  } catch (err) {
    problems.add(element.id, `Invalid FEEL expression for escalation code '${code}': ${(err as Error).message}`);
    return { kind: 'escalation' };
  }
}

const isProcessStart = (element: FlowElement) => element.kind === 'startEvent' && element.scope?.kind === 'process';

/** The static code a catch event catches; '' for a catch-all. */
export function caughtCode(event: FlowElement): string | undefined {
  const definition = event.eventDefinition;
  if (definition.kind !== 'escalation') return undefined;
  return definition.escalationCode?.source ?? '';
}

/** Zeebe's per-scope checks of a container's escalation catch events (its event sub-processes, its activities' boundaries). */
export function checkEscalationCatches(container: FlowElement, problems: ProblemSink) {
  const starts = container.eventSubProcesses.map((sub) => sub.startEvent).filter((s) => s !== undefined);
  checkDuplicates(container.id, starts, problems);
  for (const child of container.children) {
    checkDuplicates(child.id, child.boundaryEvents, problems);
    for (const boundary of child.boundaryEvents) {
      const activity = child.kind === 'multiInstanceBody' ? child.children[0] : child;
      const attachable = ['subProcess', 'adHocSubProcess', 'callActivity'].includes(activity?.kind ?? '');
      if (caughtCode(boundary) !== undefined && !attachable) {
        problems.add(
          boundary.id,
          'An escalation boundary event should only be attached to a subprocess, or a call activity.',
        );
      }
    }
  }
}

function checkDuplicates(scopeId: string, events: FlowElement[], problems: ProblemSink) {
  const codes = events.map(caughtCode).filter((c) => c !== undefined);
  for (const code of new Set(codes)) {
    if (codes.indexOf(code) === codes.lastIndexOf(code)) continue;
    problems.add(
      scopeId,
      code === ''
        ? 'The same scope can not contain more than one escalation catch event without escalation code. An escalation catch event without escalation code catches all escalations.'
        : `Multiple escalation catch events with the same escalation code '${code}' are not supported on the same scope.`,
    );
  }
}
