/**
 * Turns the moddle tree of one executable bpmn:Process into a ProcessModel, collecting every reason
 * Zeebe would reject it (each naming the element id) instead of stopping at the first. Structure lives
 * here (containers, flows, boundary events, compensation links, multi-instance bodies); what a single
 * element reads from its XML is in element-properties.ts.
 */
import { type CompiledExpression, compileExpression } from '../feel';
import { readAdHoc } from './ad-hoc';
import { checkConditionalCatches } from './conditions';
import { type ProblemSink, readElementProperties, readMultiInstance } from './element-properties';
import { checkEscalationCatches } from './escalations';
import { linkThrowsToCatches } from './links';
import { readExecutionListeners } from './listener-properties';
import type { ElementKind, FlowElement, ProcessModel } from './process-model';
import type { ModdleElement } from './read-bpmn';

const kindsByType: Record<string, ElementKind> = {
  'bpmn:SubProcess': 'subProcess',
  'bpmn:AdHocSubProcess': 'adHocSubProcess',
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:UserTask': 'userTask',
  'bpmn:CallActivity': 'callActivity',
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
};

const camundaTypes: Record<ElementKind, string> = {
  process: 'PROCESS',
  subProcess: 'SUB_PROCESS',
  adHocSubProcess: 'AD_HOC_SUB_PROCESS',
  eventSubProcess: 'EVENT_SUB_PROCESS',
  startEvent: 'START_EVENT',
  endEvent: 'END_EVENT',
  intermediateCatchEvent: 'INTERMEDIATE_CATCH_EVENT',
  intermediateThrowEvent: 'INTERMEDIATE_THROW_EVENT',
  boundaryEvent: 'BOUNDARY_EVENT',
  serviceTask: 'SERVICE_TASK',
  sendTask: 'SEND_TASK',
  receiveTask: 'RECEIVE_TASK',
  scriptTask: 'SCRIPT_TASK',
  businessRuleTask: 'BUSINESS_RULE_TASK',
  userTask: 'USER_TASK',
  callActivity: 'CALL_ACTIVITY',
  task: 'TASK',
  manualTask: 'MANUAL_TASK',
  exclusiveGateway: 'EXCLUSIVE_GATEWAY',
  parallelGateway: 'PARALLEL_GATEWAY',
  inclusiveGateway: 'INCLUSIVE_GATEWAY',
  eventBasedGateway: 'EVENT_BASED_GATEWAY',
  multiInstanceBody: 'MULTI_INSTANCE_BODY',
};

/** Where a problem is found and what it is, described in Zeebe's "Element: id - ERROR: ..." shape. */
export class ModelProblems implements ProblemSink {
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

export function buildProcessModel(process: ModdleElement, problems: ProblemSink): ProcessModel {
  const elements = new Map<string, FlowElement>();
  const root = newElement(process, 'process', undefined);
  elements.set(root.id, root);
  readProcessListeners(root, process, problems);
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
    signalStartEvents: starts.filter((s) => s.eventDefinition.kind === 'signal'),
    conditionalStartEvents: starts.filter((s) => s.eventDefinition.kind === 'conditional'),
    hasConditionalEvents: [...elements.values()].some(waitsOnCondition),
  };
}

/** Whether an element or the start of one of its event sub-processes waits on a condition (below the root). */
function waitsOnCondition(element: FlowElement): boolean {
  const isConditional = (e: FlowElement | undefined) => e?.eventDefinition.kind === 'conditional';
  const rootStart = element.kind === 'startEvent' && element.scope?.kind === 'process';
  return (isConditional(element) && !rootStart) || element.eventSubProcesses.some((s) => isConditional(s.startEvent));
}

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

const ignoredTypes = new Set([
  'bpmn:SequenceFlow',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
  'bpmn:DataObject',
]);

class Builder {
  /** flows whose condition did not compile (reported already) */
  private readonly invalidConditions = new Set<string>();

  constructor(
    private readonly elements: Map<string, FlowElement>,
    private readonly problems: ProblemSink,
  ) {}

  fillContainer(container: FlowElement, source: ModdleElement) {
    for (const child of source.flowElements ?? []) {
      if (ignoredTypes.has(child.$type)) continue;
      const kind =
        child.$type === 'bpmn:SubProcess' && child.triggeredByEvent ? 'eventSubProcess' : kindsByType[child.$type];
      if (!kind) {
        this.problems.add(
          child.id,
          `Elements of type '${child.$type.replace('bpmn:', '')}' are not supported by the embedded engine`,
        );
        continue;
      }
      const element = this.addElement(child, kind, container);
      if (kind === 'eventSubProcess') container.eventSubProcesses.push(element);
    }
    for (const flow of (source.flowElements ?? []).filter((e: ModdleElement) => e.$type === 'bpmn:SequenceFlow'))
      this.addFlow(flow);
    for (const child of container.children) {
      if (child.kind === 'boundaryEvent') this.attachBoundary(child, source);
    }
    this.checkContainer(container);
  }

  /** Adds an element to its container; a multi-instance activity becomes a body wrapping the activity. */
  private addElement(source: ModdleElement, kind: ElementKind, container: FlowElement): FlowElement {
    const loop = source.loopCharacteristics;
    const multiInstance = loop ? readMultiInstance(source.id, loop, this.problems) : undefined;
    const body = multiInstance ? newElement(source, 'multiInstanceBody', container) : undefined;
    const element = newElement(source, kind, body ?? container);
    if (body) {
      body.multiInstance = multiInstance;
      body.children.push(element);
      element.isForCompensation = false;
    }
    const visible = body ?? element;
    this.elements.set(visible.id, visible);
    container.children.push(visible);
    readElementProperties(element, source, this.problems);
    if (kind === 'subProcess' || kind === 'eventSubProcess' || kind === 'adHocSubProcess')
      this.fillContainer(element, source);
    if (kind === 'adHocSubProcess') readAdHoc(element, source, this.problems);
    return element;
  }

  private addFlow(flow: ModdleElement) {
    const source = this.elements.get(flow.sourceRef?.id);
    const target = this.elements.get(flow.targetRef?.id);
    if (!source || !target) {
      this.problems.add(flow.id, 'Sequence flow must connect two supported elements of the same scope');
      return;
    }
    const body = flow.conditionExpression?.body?.trim();
    let condition: CompiledExpression | undefined;
    if (body) {
      try {
        condition = compileExpression(body);
      } catch (err) {
        this.problems.add(flow.id, `Invalid FEEL expression for condition '${body}': ${(err as Error).message}`);
        this.invalidConditions.add(flow.id);
      }
    }
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
    if (boundary.eventDefinition.kind === 'compensate') {
      activity.compensationBoundary = boundary;
      boundary.interrupting = false;
    }
    if (boundary.eventDefinition.kind === 'none')
      this.problems.add(boundary.id, 'Boundary events must have an event definition');
  }

  /** Compensation boundary events name their handler through an association, not a sequence flow. */
  linkCompensation(container: ModdleElement) {
    for (const artifact of container.artifacts ?? []) {
      if (artifact.$type !== 'bpmn:Association') continue;
      const boundary = this.elements.get(artifact.sourceRef?.id);
      const handler = this.elements.get(artifact.targetRef?.id);
      if (boundary?.eventDefinition.kind === 'compensate' && boundary.attachedTo && handler) {
        boundary.attachedTo.compensationHandler = handler;
        if (!handler.isForCompensation)
          this.problems.add(handler.id, 'A compensation handler must be marked isForCompensation');
      }
    }
    for (const child of container.flowElements ?? []) {
      if (child.$type === 'bpmn:SubProcess') this.linkCompensation(child);
    }
  }

  private checkContainer(container: FlowElement) {
    const starts = container.children.filter((c) => c.kind === 'startEvent');
    const noneStarts = starts.filter((c) => c.eventDefinition.kind === 'none');
    if (noneStarts.length > 1) this.problems.add(container.id, 'Must have at most one none start event');
    container.noneStartEvent = noneStarts[0];
    if (container.kind === 'subProcess' && (noneStarts.length !== 1 || starts.length !== 1)) {
      this.problems.add(container.id, 'An embedded sub-process must have exactly one none start event');
    }
    if (container.kind === 'eventSubProcess') {
      if (starts.length !== 1 || starts[0].eventDefinition.kind === 'none') {
        this.problems.add(
          container.id,
          'An event sub-process must have exactly one start event with an event definition',
        );
      } else if (starts[0].eventDefinition.kind === 'compensate') {
        this.problems.add(container.id, 'A compensation event sub-process is not supported');
      }
      container.startEvent = starts[0];
      container.interrupting = starts[0]?.interrupting ?? true;
    }
    checkEscalationCatches(container, this.problems);
    checkConditionalCatches(container, this.problems);
    linkThrowsToCatches(container, this.problems);
    for (const child of container.children) {
      if (child.isForCompensation && child.outgoing.length > 0) {
        this.problems.add(child.id, 'A compensation handler must not have outgoing sequence flows');
      }
      if (child.kind === 'eventBasedGateway') this.checkEventGateway(child);
      if (child.kind === 'exclusiveGateway' || child.kind === 'inclusiveGateway') this.checkConditions(child);
    }
  }

  /** As Zeebe's SequenceFlowValidator: a gateway that decides must decide by a condition on every other flow. */
  private checkConditions(gateway: FlowElement) {
    if (gateway.outgoing.length < 2) return;
    for (const flow of gateway.outgoing) {
      // a condition that does not compile is reported as such, not as missing
      if (flow.condition || flow === gateway.defaultFlow || this.invalidConditions.has(flow.id)) continue;
      const problem =
        gateway.kind === 'exclusiveGateway' ? 'Must have a condition or be default flow' : 'Must have a condition';
      this.problems.add(flow.id, problem);
    }
  }

  private checkEventGateway(gateway: FlowElement) {
    if (gateway.outgoing.length < 2)
      this.problems.add(gateway.id, 'An event-based gateway must have at least two outgoing sequence flows');
    for (const flow of gateway.outgoing) {
      const t = flow.target;
      // as Zeebe: intermediate message, timer, signal or (8.9) conditional catch events only (no receive tasks)
      const waits =
        t.kind === 'intermediateCatchEvent' &&
        ['message', 'timer', 'signal', 'conditional'].includes(t.eventDefinition.kind);
      if (!waits)
        this.problems.add(
          gateway.id,
          `An event-based gateway may only lead to message, timer, signal or conditional intermediate catch events, but '${t.id}' is not one`,
        );
    }
  }
}

/** The process element's own extension elements: only its execution listeners concern the engine. */
function readProcessListeners(root: FlowElement, process: ModdleElement, problems: ProblemSink) {
  for (const value of (process.extensionElements?.values ?? []) as ModdleElement[]) {
    if (value.$type === 'zeebe:ExecutionListeners') readExecutionListeners(root, value, problems);
  }
}
