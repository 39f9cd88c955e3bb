/**
 * Lint problems in the words of someone who draws processes, not of the BPMN schema: "Choose a job type…"
 * instead of "Element of type <zeebe:TaskDefinition> must have property <type>". The rule's own message stays
 * available as the technical detail; a problem nothing here knows keeps that message.
 */
import type { LintIssue } from './lint-issues';

/** bpmnlint's recommended rules, by name: what to do about each. */
const BY_RULE: Record<string, string> = {
  'end-event-required': 'Add an end event: the process needs a place where it finishes.',
  'start-event-required': 'Add a start event: the process needs a place where it begins.',
  'label-required': 'Give this element a name, so that people reading the diagram know what it does.',
  'no-disconnected': 'Connect this element with an arrow: nothing leads to it or away from it.',
  'superfluous-gateway': 'This gateway has one way in and one way out: remove it, or add another path.',
  'no-implicit-split': 'This step has several arrows going out without a gateway: add a gateway to show how it splits.',
  'no-implicit-end': 'This path stops without an end event: add an end event after it.',
  'no-implicit-start': 'Nothing leads into this step: connect it, or start the path with a start event.',
  'fake-join': 'Two arrows lead into this step without a gateway: add a gateway to join them.',
  'no-gateway-join-fork': 'This gateway both joins and splits paths: use one gateway for each.',
  'conditional-flows': 'A path out of this gateway has no condition: give it one, or make it the default path.',
  'no-duplicate-sequence-flows': 'Two arrows connect the same two elements: remove one.',
  'single-blank-start-event': 'A process may have only one plain start event: give the others a trigger.',
  'single-event-definition': 'This event has more than one trigger: keep one.',
  'no-complex-gateway': 'Complex gateways cannot run here: use an exclusive or parallel gateway.',
  'no-inclusive-gateway': 'Inclusive gateways cannot run here: use an exclusive or parallel gateway.',
  'sub-process-blank-start-event': 'A sub-process starts with a plain start event: remove its trigger.',
  'event-sub-process-typed-start-event':
    'An event sub-process must start with a message, timer, error or signal event.',
  'no-overlapping-elements': 'Two elements lie on top of each other: move one so both can be read.',
  'no-bpmndi': 'This element is not drawn on the diagram: draw it or remove it.',
  'link-event': 'Every link throw event needs a link catch event with the same name.',
};

/** camunda-compat problems name the missing Zeebe setting in the message; these say where to set it. */
const BY_MESSAGE: [RegExp, string][] = [
  [/zeebe:TaskDefinition/, 'Choose a job type (Task definition → Job type): it names the worker that does this step.'],
  [/zeebe:CalledElement/, 'Choose which process this step starts (Called element → Process ID).'],
  [/zeebe:Subscription|correlationKey/, 'Set the correlation key: it says which instance a message belongs to.'],
  [/messageRef|bpmn:Message\b/, 'Choose the message this event waits for or sends (Message → Name).'],
  [/errorRef|bpmn:Error\b/, 'Choose the error this event catches or throws (Error → Code).'],
  [/escalationRef|bpmn:Escalation\b/, 'Choose the escalation this event catches or throws (Escalation → Code).'],
  [/signalRef|bpmn:Signal\b/, 'Choose the signal this event waits for or sends (Signal → Name).'],
  [/timeCycle|timeDate|timeDuration|TimerEventDefinition/, 'Set when this timer fires (Timer → Type and value).'],
  [/conditionExpression/, 'Give this path a condition, or make it the default path of its gateway.'],
  [/zeebe:FormDefinition|formKey|formId/, 'Link a form to this user task (Form), or remove the half-set link.'],
  [/zeebe:Script|zeebe:script/i, 'Give this script task its expression and result variable (Script).'],
  [/not supported by Camunda|is not supported/i, 'Camunda 8.8 cannot run this kind of element: replace it.'],
];

export function plainWords(issue: Pick<LintIssue, 'rule' | 'message'>): string {
  const rule = issue.rule.replace(/^bpmnlint\//, '');
  if (BY_RULE[rule]) return BY_RULE[rule];
  for (const [pattern, words] of BY_MESSAGE) if (pattern.test(issue.message)) return words;
  if (issue.rule === 'import') return `Part of this file could not be read: ${issue.message}`;
  return issue.message;
}
