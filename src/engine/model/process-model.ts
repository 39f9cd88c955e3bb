/**
 * The engine's read-only view of a deployed process: every flow element with what executing it needs,
 * resolved once at deploy time (expressions compiled, flows indexed by source and target, boundary events
 * attached, compensation handlers linked), so the interpreter never walks the moddle tree.
 */
import type { CompiledExpression } from '../feel';
import type { AdHocSettings } from './ad-hoc';
import type { ExecutionListeners, TaskListeners } from './listener-properties';
import type { ResourceBinding } from './resource-binding';

export type ElementKind =
  | 'process'
  | 'subProcess'
  | 'adHocSubProcess'
  | 'eventSubProcess'
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'serviceTask'
  | 'sendTask'
  | 'receiveTask'
  | 'task'
  | 'manualTask'
  | 'scriptTask'
  | 'businessRuleTask'
  | 'userTask'
  | 'callActivity'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'multiInstanceBody';

export type TimerKind = 'timeDuration' | 'timeDate' | 'timeCycle';

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'message'; messageName: CompiledExpression; correlationKey?: CompiledExpression }
  | { kind: 'timer'; timerKind: TimerKind; value: CompiledExpression }
  | { kind: 'error'; errorCode?: string }
  | { kind: 'signal'; signalName: CompiledExpression }
  | { kind: 'terminate' }
  | { kind: 'compensate'; activityRef?: string }
  /** throw events: the code (static or FEEL); catch events: a static code, absent = catch-all */
  | { kind: 'escalation'; escalationCode?: CompiledExpression }
  | { kind: 'link'; linkName: string }
  /** re-evaluated when a variable it reads changes (of the kinds `variableEvents` names, if any) */
  | { kind: 'conditional'; condition: CompiledExpression; variableEvents?: VariableEvent[] };

/** the kinds of variable change a conditional event's `zeebe:conditionalFilter variableEvents` can name */
export type VariableEvent = 'create' | 'update';

export interface Mapping {
  source: CompiledExpression;
  /** dotted path, e.g. `order.total` */
  target: string;
}

export interface SequenceFlow {
  id: string;
  source: FlowElement;
  target: FlowElement;
  condition?: CompiledExpression;
}

export interface TaskDefinition {
  type: CompiledExpression;
  retries: CompiledExpression;
}

export interface MultiInstance {
  sequential: boolean;
  inputCollection: CompiledExpression;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: CompiledExpression;
  completionCondition?: CompiledExpression;
}

/** A business rule task's zeebe:calledDecision: the decision (static or FEEL id) and where its output goes. */
export interface CalledDecision extends ResourceBinding {
  decisionId: CompiledExpression;
  resultVariable: string;
}

export interface CalledElement {
  processId: CompiledExpression;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

export interface Script {
  expression: CompiledExpression;
  resultVariable: string;
}

/** What a bpmn:userTask reads from its zeebe extension elements (see user-task-properties.ts). */
export interface UserTaskDefinition {
  /** zeebe:userTask present: a Camunda user task; absent: a job of type io.camunda.zeebe:userTask */
  camundaUserTask: boolean;
  assignee?: CompiledExpression;
  candidateGroups?: CompiledExpression;
  candidateUsers?: CompiledExpression;
  dueDate?: CompiledExpression;
  followUpDate?: CompiledExpression;
  priority?: CompiledExpression;
  formKey?: string;
  externalFormReference?: string;
  /** `zeebe:formDefinition formId` on a Camunda user task: the deployed form, found per binding type */
  linkedForm?: LinkedForm;
}

/** A linked Camunda form: which version of form `formId` the task gets (Zeebe's binding types). */
export interface LinkedForm {
  formId: string;
  bindingType: 'latest' | 'deployment' | 'versionTag';
  versionTag?: string;
}

export interface FlowElement {
  id: string;
  name?: string;
  kind: ElementKind;
  /** Camunda's element type name as Operate and the REST API show it (SERVICE_TASK, ...) */
  camundaType: string;
  /** the sub-process or process that contains this element; undefined for the process itself */
  scope?: FlowElement;
  incoming: SequenceFlow[];
  outgoing: SequenceFlow[];
  defaultFlow?: SequenceFlow;
  inputMappings: Mapping[];
  outputMappings: Mapping[];
  taskDefinition?: TaskDefinition;
  taskHeaders: Record<string, string>;
  script?: Script;
  calledElement?: CalledElement;
  calledDecision?: CalledDecision;
  userTask?: UserTaskDefinition;
  /** zeebe:executionListeners: the listener jobs run before (start) and after (end) the element's own work */
  executionListeners?: ExecutionListeners;
  /** zeebe:taskListeners of a Camunda user task, per lifecycle event */
  taskListeners?: TaskListeners;
  /** on a none start event: `zeebe:formDefinition formId`, the start form (GET /v2/process-definitions/{key}/form) */
  startFormId?: string;
  /** for multi-instance bodies: the loop settings; the activity itself is the body's only child */
  multiInstance?: MultiInstance;
  eventDefinition: EventDefinition;
  /** boundary events attached to this activity */
  boundaryEvents: FlowElement[];
  /** for boundary events: the activity they are attached to */
  attachedTo?: FlowElement;
  /** boundary events and event sub-process start events */
  interrupting: boolean;
  isForCompensation: boolean;
  /** for activities with a compensation boundary event: the handler activity it is associated with */
  compensationHandler?: FlowElement;
  compensationBoundary?: FlowElement;
  // containers (process, sub-process, event sub-process)
  children: FlowElement[];
  noneStartEvent?: FlowElement;
  eventSubProcesses: FlowElement[];
  /** for event sub-processes: their single start event */
  startEvent?: FlowElement;
  /** for ad-hoc sub-processes: what activates and completes them */
  adHoc?: AdHocSettings;
  /** for link throw events: the link catch event of the same name in the same scope */
  linkCatch?: FlowElement;
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  root: FlowElement;
  elements: Map<string, FlowElement>;
  messageStartEvents: FlowElement[];
  timerStartEvents: FlowElement[];
  signalStartEvents: FlowElement[];
  /** root-level conditional start events (started by POST /v2/conditionals/evaluation) */
  conditionalStartEvents: FlowElement[];
  /** whether any element waits on a condition: only then do its variable changes re-evaluate conditions */
  hasConditionalEvents: boolean;
}
