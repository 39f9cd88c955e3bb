/**
 * Reads what one flow element needs to execute from its moddle element: zeebe extension elements
 * (task definition, headers, io mappings, script, called element), its event definition and its
 * multi-instance loop. Problems are reported with the element id, as Zeebe's deploy validation does.
 */
import { type CompiledExpression, compileExpression } from '../feel';
import { conditionalDefinition } from './conditions';
import { escalationDefinition } from './escalations';
import { linkDefinition } from './links';
import {
  checkExecutionListeners,
  checkTaskListeners,
  readExecutionListeners,
  readTaskListeners,
} from './listener-properties';
import type { EventDefinition, FlowElement, Mapping, MultiInstance, TimerKind } from './process-model';
import type { ModdleElement } from './read-bpmn';
import { readResourceBinding } from './resource-binding';
import { readUserTask } from './user-task-properties';

export interface ProblemSink {
  add(elementId: string, message: string): void;
}

const jobWorkerKinds = new Set(['serviceTask', 'sendTask', 'scriptTask', 'businessRuleTask']);

export function readElementProperties(element: FlowElement, source: ModdleElement, problems: ProblemSink) {
  const expr = (text: string, what: string) => compile(element.id, text, what, problems);
  const ext = (source.extensionElements?.values ?? []) as ModdleElement[];
  let calledDecision = false;
  for (const value of ext) {
    switch (value.$type) {
      case 'zeebe:IoMapping':
        element.inputMappings = mappings(element.id, value.inputParameters, problems);
        element.outputMappings = mappings(element.id, value.outputParameters, problems);
        break;
      case 'zeebe:TaskDefinition': {
        const type = expr(value.type ?? '', 'job type');
        const retries = expr(value.retries ?? '3', 'job retries');
        if (type && retries) element.taskDefinition = { type, retries };
        break;
      }
      case 'zeebe:TaskHeaders':
        for (const header of value.values ?? []) element.taskHeaders[header.key] = header.value ?? '';
        break;
      case 'zeebe:Script': {
        const expression = expr(value.expression ?? '', 'script');
        if (!value.resultVariable)
          problems.add(element.id, "Attribute 'resultVariable' of 'zeebe:script' must be present and not empty");
        if (expression && value.resultVariable) element.script = { expression, resultVariable: value.resultVariable };
        break;
      }
      case 'zeebe:CalledElement': {
        const processId = expr(value.processId ?? value.processIdExpression ?? '', 'called process id');
        if (processId) {
          element.calledElement = {
            processId,
            propagateAllChildVariables: value.propagateAllChildVariables !== false,
            propagateAllParentVariables: value.propagateAllParentVariables !== false,
          };
        }
        break;
      }
      case 'zeebe:CalledDecision':
        calledDecision = true;
        element.calledDecision = readCalledDecision(element, value, problems);
        break;
      case 'zeebe:FormDefinition':
        // a start event's linked form is what a Tasklist shows to start the process; user tasks read theirs below
        if (element.kind === 'startEvent' && value.formId) element.startFormId = value.formId;
        break;
      case 'zeebe:ExecutionListeners':
        readExecutionListeners(element, value, problems);
        break;
      case 'zeebe:TaskListeners':
        readTaskListeners(element, value, problems);
        break;
    }
  }
  if (element.kind === 'userTask') readUserTask(element, ext, problems);
  checkTaskListeners(element, problems);
  checkTaskKinds(element, calledDecision, problems);
  if (source.eventDefinitions?.length > 1)
    problems.add(element.id, 'Multiple event definitions on one event are not supported');
  const definition = source.eventDefinitions?.[0];
  // message throw and end events are job workers in Zeebe (like send tasks): no subscription to read
  const throwsMessage =
    definition?.$type === 'bpmn:MessageEventDefinition' &&
    (element.kind === 'endEvent' || element.kind === 'intermediateThrowEvent');
  if (throwsMessage && !element.taskDefinition)
    problems.add(element.id, "Must have exactly one 'zeebe:taskDefinition' extension element");
  if (definition && !throwsMessage) element.eventDefinition = eventDefinition(element, definition, problems);
  if (element.kind === 'receiveTask') element.eventDefinition = messageDefinition(element, source.messageRef, problems);
  if (element.kind === 'boundaryEvent') element.interrupting = source.cancelActivity !== false;
  if (element.kind === 'startEvent') element.interrupting = source.isInterrupting !== false;
  checkExecutionListeners(element, problems);
}

function checkTaskKinds(element: FlowElement, calledDecision: boolean, problems: ProblemSink) {
  const kind = element.kind;
  if (kind === 'scriptTask' && element.script && element.taskDefinition) {
    problems.add(element.id, "A script task must have either 'zeebe:script' or 'zeebe:taskDefinition', not both");
  }
  const needsJob =
    kind === 'serviceTask' ||
    kind === 'sendTask' ||
    (kind === 'scriptTask' && !element.script) ||
    (kind === 'businessRuleTask' && !calledDecision);
  if (needsJob && !element.taskDefinition)
    problems.add(element.id, "Must have exactly one 'zeebe:taskDefinition' extension element");
  if (element.taskDefinition && jobWorkerKinds.has(kind) && element.taskDefinition.type.source.trim() === '') {
    problems.add(element.id, "Attribute 'type' of 'zeebe:taskDefinition' must be present and not empty");
  }
  if (kind === 'callActivity' && !element.calledElement) {
    problems.add(element.id, "Must have exactly one 'zeebe:calledElement' extension element with a processId");
  }
}

export function readMultiInstance(
  elementId: string,
  loop: ModdleElement,
  problems: ProblemSink,
): MultiInstance | undefined {
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.add(elementId, 'Standard loops are not supported; use multi-instance');
    return undefined;
  }
  const settings = (loop.extensionElements?.values ?? []).find(
    (v: ModdleElement) => v.$type === 'zeebe:LoopCharacteristics',
  );
  if (!settings?.inputCollection) {
    problems.add(elementId, "Must have a 'zeebe:loopCharacteristics' extension element with an inputCollection");
    return undefined;
  }
  const inputCollection = compile(elementId, settings.inputCollection, 'inputCollection', problems);
  if (!inputCollection) return undefined;
  if (settings.outputCollection && !settings.outputElement)
    problems.add(elementId, 'An outputCollection needs an outputElement');
  const condition = loop.completionCondition?.body?.trim();
  return {
    sequential: loop.isSequential === true,
    inputCollection,
    inputElement: settings.inputElement || undefined,
    outputCollection: settings.outputCollection || undefined,
    outputElement: settings.outputElement
      ? compile(elementId, settings.outputElement, 'outputElement', problems)
      : undefined,
    completionCondition: condition ? compile(elementId, condition, 'completionCondition', problems) : undefined,
  };
}

function eventDefinition(element: FlowElement, definition: ModdleElement, problems: ProblemSink): EventDefinition {
  switch (definition.$type) {
    case 'bpmn:MessageEventDefinition':
      return messageDefinition(element, definition.messageRef, problems);
    case 'bpmn:TimerEventDefinition':
      return timerDefinition(element, definition, problems);
    case 'bpmn:SignalEventDefinition': {
      const name = definition.signalRef?.name;
      if (!name) {
        problems.add(element.id, 'Must reference a signal with a name');
        return { kind: 'none' };
      }
      const signalName = compile(element.id, name, 'signal name', problems);
      return signalName ? { kind: 'signal', signalName } : { kind: 'none' };
    }
    case 'bpmn:ErrorEventDefinition':
      return { kind: 'error', errorCode: definition.errorRef?.errorCode || undefined };
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    case 'bpmn:EscalationEventDefinition':
      return escalationDefinition(element, definition, problems);
    case 'bpmn:LinkEventDefinition':
      return linkDefinition(element, definition, problems);
    case 'bpmn:ConditionalEventDefinition':
      return conditionalDefinition(element, definition, problems);
    case 'bpmn:CompensateEventDefinition':
      if (definition.waitForCompletion === false) {
        problems.add(element.id, "A compensation event with waitForCompletion='false' is not supported");
      }
      return { kind: 'compensate', activityRef: definition.activityRef?.id };
    default:
      problems.add(
        element.id,
        `Event definition of type '${definition.$type.replace('bpmn:', '')}' is not supported by the embedded engine`,
      );
      return { kind: 'none' };
  }
}

function messageDefinition(element: FlowElement, message: ModdleElement, problems: ProblemSink): EventDefinition {
  if (!message?.name) {
    problems.add(element.id, 'Must reference a message with a name');
    return { kind: 'none' };
  }
  const messageName = compile(element.id, message.name, 'message name', problems);
  const subscription = (message.extensionElements?.values ?? []).find(
    (v: ModdleElement) => v.$type === 'zeebe:Subscription',
  );
  const isProcessStart = element.kind === 'startEvent' && element.scope?.kind === 'process';
  let correlationKey: CompiledExpression | undefined;
  if (subscription?.correlationKey) {
    correlationKey = compile(element.id, subscription.correlationKey, 'correlation key', problems);
  } else if (!isProcessStart) {
    problems.add(element.id, `Must have a correlation key for message '${message.name}'`);
  }
  return messageName ? { kind: 'message', messageName, correlationKey } : { kind: 'none' };
}

function timerDefinition(element: FlowElement, definition: ModdleElement, problems: ProblemSink): EventDefinition {
  const kinds: TimerKind[] = ['timeDuration', 'timeDate', 'timeCycle'];
  const present = kinds.filter((k) => definition[k]?.body);
  if (present.length !== 1) {
    problems.add(element.id, 'Must have exactly one of timeDuration, timeDate or timeCycle');
    return { kind: 'none' };
  }
  const timerKind = present[0];
  const value = compile(element.id, definition[timerKind].body.trim(), timerKind, problems);
  return value ? { kind: 'timer', timerKind, value } : { kind: 'none' };
}

function mappings(elementId: string, parameters: ModdleElement[] | undefined, problems: ProblemSink): Mapping[] {
  const result: Mapping[] = [];
  for (const p of parameters ?? []) {
    if (!p.target) {
      problems.add(elementId, 'A variable mapping must have a target');
      continue;
    }
    const source = compile(elementId, p.source ?? '=null', `mapping '${p.target}'`, problems);
    if (source) result.push({ source, target: p.target });
  }
  return result;
}

function compile(elementId: string, text: string, what: string, problems: ProblemSink): CompiledExpression | undefined {
  try {
    return compileExpression(text);
  } catch (err) {
    problems.add(elementId, `Invalid FEEL expression for ${what} '${text}': ${(err as Error).message}`);
    return undefined;
  }
}

/** zeebe:calledDecision: a decision id (static or FEEL) and a result variable, both required as in Zeebe. */
function readCalledDecision(element: FlowElement, value: ModdleElement, problems: ProblemSink) {
  for (const attribute of ['decisionId', 'resultVariable'])
    if (!value[attribute]?.trim()) problems.add(element.id, `Attribute '${attribute}' must be present and not empty`);
  const binding = readResourceBinding(element, value, problems);
  if (!binding || !value.decisionId?.trim() || !value.resultVariable?.trim()) return undefined;
  const decisionId = compile(element.id, value.decisionId, 'decision id', problems);
  return decisionId && { decisionId, resultVariable: value.resultVariable as string, ...binding };
}
