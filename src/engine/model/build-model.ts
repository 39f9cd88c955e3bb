/**
 * Turns the moddle tree of one executable bpmn:Process into a ProcessModel, collecting every reason
 * Zeebe would reject it (each naming the element id) instead of stopping at the first.
 */
import { type CompiledExpression, compileExpression } from '../feel';
import type { ModdleElement } from './read-bpmn';
import type { ElementKind, EventDefinition, FlowElement, Mapping, ProcessModel, TimerKind } from './process-model';

const kindsByType: Record<string, ElementKind> = {
  'bpmn:SubProcess': 'subProcess',
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
};

const camundaTypes: Record<ElementKind, string> = {
  process: 'PROCESS',
  subProcess: 'SUB_PROCESS',
  eventSubProcess: 'EVENT_SUB_PROCESS',
  startEvent: 'START_EVENT',
  endEvent: 'END_EVENT',
  intermediateCatchEvent: 'INTERMEDIATE_CATCH_EVENT',
  intermediateThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  boundaryEvent: 'BOUNDARY_EVENT',
  serviceTask: 'SERVICE_TASK',
  sendTask: 'SEND_TASK',
  receiveTask: 'RECEIVE_TASK',
  task: 'TASK',
  manualTask: 'MANUAL_TASK',
  exclusiveGateway: 'EXCLUSIVE_GATEWAY',
  parallelGateway: 'PARALLEL_GATEWAY',
};

/** Where a problem is found and what it is; `toString` gives Zeebe's "Element: id\n  - ERROR: ..." shape. */
export class ModelProblems {
  readonly list: { elementId: string; message: string }[] = [];
  add(elementId: string, message: string) {
    this.list.push({ elementId, message });
  }
  get empty() {
    return this.list.length === 0;
  }
  describe(resourceName: string): string {
    const lines = this.list.map((p) => `Element: ${p.elementId}\n    - ERROR: ${p.message}`);
    return `Expected to deploy new resources, but encountered the following errors:\n'${resourceName}': - ${lines.join('\n  - ')}`;
  }
}

export function buildProcessModel(process: ModdleElement, problems: ModdleProblemsLike): ProcessModel {
  const elements = new Map<string, FlowElement>();
  const root = newElement(process, 'process', undefined);
  elements.set(root.id, root);
  const builder = new Builder(elements, problems);
  builder.fillContainer(root, process);
  builder.linkCompensation(process);
  const starts = root.children.filter((c) => c.kind === 'startEvent');
  if (starts.length === 0) problems.add(root.id, 'Must have at least one start event');
  return {
    bpmnProcessId: root.id,
    name: root.name,
    root,
    elements,
    messageStartEvents: starts.filter((s) => s.eventDefinition.kind === 'message'),
    timerStartEvents: starts.filter((s) => s.eventDefinition.kind === 'timer'),
  };
}

type ModdleProblemsLike = Pick<ModelProblems, 'add'>;

function newElement(source: ModdleElement, kind: ElementKind, scope: FlowElement | undefined): FlowElement {
  return {
    id: source.id,
    name: source.name || undefined,
    kind,
    camundaType: camundaTypes[kind],
    scope,
    incoming: [],
    outgoing: [],
    inputMappings: [],
    outputMappings: [],
    taskHeaders: {},
    eventDefinition: { kind: 'none' },
    boundaryEvents: [],
    interrupting: true,
    isForCompensation: Boolean(source.isForCompensation),
    children: [],
    eventSubProcesses: [],
  };
}

class Builder {
  constructor(
    private readonly elements: Map<string, FlowElement>,
    private readonly problems: ModdleProblemsLike,
  ) {}

  fillContainer(container: FlowElement, source: ModdleElement) {
    const flows: ModdleElement[] = [];
    for (const child of source.flowElements ?? []) {
      if (child.$type === 'bpmn:SequenceFlow') {
        flows.push(child);
        continue;
      }
      if (child.$type === 'bpmn:DataObjectReference' || child.$type === 'bpmn:DataStoreReference') continue;
      if (child.$type === 'bpmn:DataObject') continue;
      const kind = child.$type === 'bpmn:SubProcess' && child.triggeredByEvent ? 'eventSubProcess' : kindsByType[child.$type];
      if (!kind) {
        this.problems.add(child.id, `Elements of type '${child.$type.replace('bpmn:', '')}' are not supported by the embedded engine`);
        continue;
      }
      const element = newElement(child, kind, container);
      this.elements.set(element.id, element);
      container.children.push(element);
      this.fillElement(element, child);
      if (kind === 'subProcess' || kind === 'eventSubProcess') this.fillContainer(element, child);
      if (kind === 'eventSubProcess') container.eventSubProcesses.push(element);
    }
    for (const flow of flows) this.addFlow(flow);
    for (const child of container.children) {
      if (child.kind === 'boundaryEvent') this.attachBoundary(child, source);
    }
    this.checkContainer(container);
  }

  private fillElement(element: FlowElement, source: ModdleElement) {
    if (source.loopCharacteristics) {
      this.problems.add(element.id, 'Multi-instance and loop characteristics are not supported by the embedded engine yet');
    }
    const ext = (source.extensionElements?.values ?? []) as ModdleElement[];
    for (const value of ext) {
      if (value.$type === 'zeebe:IoMapping') {
        element.inputMappings = this.mappings(element.id, value.inputParameters);
        element.outputMappings = this.mappings(element.id, value.outputParameters);
      } else if (value.$type === 'zeebe:TaskDefinition') {
        const type = this.expression(element.id, value.type ?? '', 'job type');
        const retries = this.expression(element.id, value.retries ?? '3', 'job retries');
        if (type && retries) element.taskDefinition = { type, retries };
      } else if (value.$type === 'zeebe:TaskHeaders') {
        for (const header of value.values ?? []) element.taskHeaders[header.key] = header.value ?? '';
      }
    }
    if (source.eventDefinitions?.length > 1) {
      this.problems.add(element.id, 'Multiple event definitions on one event are not supported');
    }
    const definition = source.eventDefinitions?.[0];
    if (definition) element.eventDefinition = this.eventDefinition(element, definition);
    if (element.kind === 'receiveTask') element.eventDefinition = this.messageDefinition(element, source.messageRef);
    if (element.kind === 'boundaryEvent') element.interrupting = source.cancelActivity !== false;
    if (element.kind === 'startEvent') element.interrupting = source.isInterrupting !== false;
    if ((element.kind === 'serviceTask' || element.kind === 'sendTask') && !element.taskDefinition) {
      this.problems.add(element.id, "Must have exactly one 'zeebe:taskDefinition' extension element");
    }
    if (element.taskDefinition && element.taskDefinition.type.source.trim() === '') {
      this.problems.add(element.id, "Attribute 'type' of 'zeebe:taskDefinition' must be present and not empty");
    }
  }

  private eventDefinition(element: FlowElement, definition: ModdleElement): EventDefinition {
    switch (definition.$type) {
      case 'bpmn:MessageEventDefinition':
        return this.messageDefinition(element, definition.messageRef);
      case 'bpmn:TimerEventDefinition':
        return this.timerDefinition(element, definition);
      case 'bpmn:ErrorEventDefinition':
        return { kind: 'error', errorCode: definition.errorRef?.errorCode || undefined };
      case 'bpmn:TerminateEventDefinition':
        return { kind: 'terminate' };
      case 'bpmn:CompensateEventDefinition':
        if (definition.waitForCompletion === false) {
          this.problems.add(element.id, "A compensation event with waitForCompletion='false' is not supported");
        }
        return { kind: 'compensate', activityRef: definition.activityRef?.id };
      default:
        this.problems.add(
          element.id,
          `Event definition of type '${definition.$type.replace('bpmn:', '')}' is not supported by the embedded engine`,
        );
        return { kind: 'none' };
    }
  }

  private messageDefinition(element: FlowElement, message: ModdleElement): EventDefinition {
    if (!message?.name) {
      this.problems.add(element.id, 'Must reference a message with a name');
      return { kind: 'none' };
    }
    const messageName = this.expression(element.id, message.name, 'message name');
    const subscription = (message.extensionElements?.values ?? []).find((v: ModdleElement) => v.$type === 'zeebe:Subscription');
    const isStart = element.kind === 'startEvent' && element.scope?.kind === 'process';
    let correlationKey: CompiledExpression | undefined;
    if (subscription?.correlationKey) {
      correlationKey = this.expression(element.id, subscription.correlationKey, 'correlation key');
    } else if (!isStart) {
      this.problems.add(element.id, `Must have a correlation key for message '${message.name}'`);
    }
    return messageName ? { kind: 'message', messageName, correlationKey } : { kind: 'none' };
  }

  private timerDefinition(element: FlowElement, definition: ModdleElement): EventDefinition {
    const kinds: TimerKind[] = ['timeDuration', 'timeDate', 'timeCycle'];
    const present = kinds.filter((k) => definition[k]?.body);
    if (present.length !== 1) {
      this.problems.add(element.id, 'Must have exactly one of timeDuration, timeDate or timeCycle');
      return { kind: 'none' };
    }
    const timerKind = present[0];
    const value = this.expression(element.id, definition[timerKind].body.trim(), timerKind);
    return value ? { kind: 'timer', timerKind, value } : { kind: 'none' };
  }

  private mappings(elementId: string, parameters: ModdleElement[] | undefined): Mapping[] {
    const result: Mapping[] = [];
    for (const p of parameters ?? []) {
      if (!p.target) {
        this.problems.add(elementId, 'A variable mapping must have a target');
        continue;
      }
      const source = this.expression(elementId, p.source ?? '=null', `mapping '${p.target}'`);
      if (source) result.push({ source, target: p.target });
    }
    return result;
  }

  private expression(elementId: string, text: string, what: string): CompiledExpression | undefined {
    try {
      return compileExpression(text);
    } catch (err) {
      this.problems.add(elementId, `Invalid FEEL expression for ${what} '${text}': ${(err as Error).message}`);
      return undefined;
    }
  }

  private addFlow(flow: ModdleElement) {
    const source = this.elements.get(flow.sourceRef?.id);
    const target = this.elements.get(flow.targetRef?.id);
    if (!source || !target) {
      this.problems.add(flow.id, 'Sequence flow must connect two supported elements of the same scope');
      return;
    }
    const body = flow.conditionExpression?.body?.trim();
    const condition = body ? this.expression(flow.id, body, 'condition') : undefined;
    const sequenceFlow = { id: flow.id, source, target, condition };
    source.outgoing.push(sequenceFlow);
    target.incoming.push(sequenceFlow);
    if (flow.sourceRef.default?.id === flow.id) source.defaultFlow = sequenceFlow;
  }

  private attachBoundary(boundary: FlowElement, containerSource: ModdleElement) {
    const source = (containerSource.flowElements as ModdleElement[]).find((e) => e.id === boundary.id);
    const activity = this.elements.get(source?.attachedToRef?.id);
    if (!activity) {
      this.problems.add(boundary.id, 'Boundary event must be attached to a supported activity');
      return;
    }
    boundary.attachedTo = activity;
    activity.boundaryEvents.push(boundary);
    if (boundary.eventDefinition.kind === 'compensate') activity.compensationBoundary = boundary;
    if (boundary.eventDefinition.kind === 'none') {
      this.problems.add(boundary.id, 'Boundary events must have an event definition');
    }
  }

  /** Compensation boundary events name their handler through an association, not a sequence flow. */
  linkCompensation(container: ModdleElement) {
    for (const artifact of container.artifacts ?? []) {
      if (artifact.$type !== 'bpmn:Association') continue;
      const boundary = this.elements.get(artifact.sourceRef?.id);
      const handler = this.elements.get(artifact.targetRef?.id);
      if (boundary?.eventDefinition.kind === 'compensate' && boundary.attachedTo && handler) {
        boundary.attachedTo.compensationHandler = handler;
        if (!handler.isForCompensation) {
          this.problems.add(handler.id, 'A compensation handler must be marked isForCompensation');
        }
      }
    }
    for (const child of container.flowElements ?? []) {
      if (child.$type === 'bpmn:SubProcess') this.linkCompensation(child);
    }
  }

  private checkContainer(container: FlowElement) {
    const noneStarts = container.children.filter((c) => c.kind === 'startEvent' && c.eventDefinition.kind === 'none');
    if (noneStarts.length > 1) this.problems.add(container.id, 'Must have at most one none start event');
    container.noneStartEvent = noneStarts[0];
    if (container.kind === 'subProcess' && (!noneStarts[0] || noneStarts.length !== container.children.filter((c) => c.kind === 'startEvent').length)) {
      this.problems.add(container.id, 'An embedded sub-process must have exactly one none start event');
    }
    if (container.kind === 'eventSubProcess') {
      const starts = container.children.filter((c) => c.kind === 'startEvent');
      if (starts.length !== 1 || starts[0].eventDefinition.kind === 'none') {
        this.problems.add(container.id, 'An event sub-process must have exactly one start event with an event definition');
      } else if (starts[0].eventDefinition.kind === 'compensate') {
        this.problems.add(container.id, 'A compensation event sub-process is not supported');
      }
      container.startEvent = starts[0];
      container.interrupting = starts[0]?.interrupting ?? true;
    }
    for (const child of container.children) {
      if (child.kind === 'boundaryEvent' && child.outgoing.length === 0 && child.eventDefinition.kind !== 'compensate') {
        // Zeebe accepts a boundary event without outgoing flows; it simply ends there.
      }
      if (child.isForCompensation && child.outgoing.length > 0) {
        this.problems.add(child.id, 'A compensation handler must not have outgoing sequence flows');
      }
      if (child.kind === 'boundaryEvent' && child.eventDefinition.kind === 'compensate') child.interrupting = false;
    }
  }
}
