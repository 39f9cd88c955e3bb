/**
 * What Zeebe checks before it migrates a process instance (ProcessInstanceMigrationPreconditions), in its order
 * and with its rejection texts: the instance and the target definition exist, the mapping instructions name
 * each source element once and only existing elements, and every active element instance (from the process
 * down) is of a type the migration supports, is mapped, keeps its element type, user task implementation and
 * flow scope, keeps its mapped catch events attached and has nothing in flight; tokens waiting at a join
 * follow their gateway's mapping (migration-joins.ts).
 */
import type { ProcessDefinition } from '../deployments';
import { failedPrecondition, invalidArgument, notFound } from '../errors';
import type { FlowElement } from '../model/process-model';
import { type ElementInstance, isActive } from './element-instance';
import type { ElementMove, MigrateProcessInstanceCommand } from './migration';
import { checkCatchEventMappings, eventType } from './migration-catch-events';
import { migratedJoins } from './migration-joins';
import type { Runtime } from './runtime';

/** the element types whose active instances this engine migrates (Zeebe's supported types it has) */
const SUPPORTED_TYPES = new Set([
  'PROCESS',
  'SERVICE_TASK',
  'SEND_TASK',
  'SCRIPT_TASK',
  'BUSINESS_RULE_TASK',
  'USER_TASK',
  'SUB_PROCESS',
  'CALL_ACTIVITY',
  'INTERMEDIATE_CATCH_EVENT',
  'RECEIVE_TASK',
  'MULTI_INSTANCE_BODY',
  'EVENT_SUB_PROCESS',
  'EXCLUSIVE_GATEWAY',
  'EVENT_BASED_GATEWAY',
]);
const SUPPORTED_CATCH_EVENTS = new Set(['message', 'timer', 'signal']);

export interface CheckedMigration {
  moves: ElementMove[];
  target: ProcessDefinition;
  /** source element id → target element id (the process itself included) */
  mapping: Map<string, string>;
}

export function checkMigration(rt: Runtime, cmd: MigrateProcessInstanceCommand): CheckedMigration {
  const key = cmd.processInstanceKey;
  const process = rt.processInstances.get(key);
  if (!process || !isActive(process.root)) {
    throw notFound(`Expected to migrate process instance but no process instance found with key '${key}'`);
  }
  const plan = cmd.migrationPlan;
  const target = rt.deployments.get(plan.targetProcessDefinitionKey);
  if (!target || target.deleted) {
    throw notFound(
      `Expected to migrate process instance to process definition but no process definition found with key '${plan.targetProcessDefinitionKey}'`,
    );
  }
  const instructions = plan.mappingInstructions;
  const counts = new Map<string, number>();
  for (const m of instructions) counts.set(m.sourceElementId, (counts.get(m.sourceElementId) ?? 0) + 1);
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  if (duplicates.length > 0) {
    throw invalidArgument(
      `Expected to migrate process instance '${key}' but the mapping instructions contain duplicate source element ids '[${duplicates.join(', ')}]'.`,
    );
  }
  const source = process.definition;
  for (const m of instructions) {
    if (!source.model.elements.has(m.sourceElementId)) {
      throw invalidArgument(
        `Expected to migrate process instance '${key}' but mapping instructions contain a non-existing source element id '${m.sourceElementId}'. Elements provided in mapping instructions must exist in the source process definition.`,
      );
    }
    if (!target.model.elements.has(m.targetElementId)) {
      throw invalidArgument(
        `Expected to migrate process instance '${key}' but mapping instructions contain a non-existing target element id '${m.targetElementId}'. Elements provided in mapping instructions must exist in the target process definition.`,
      );
    }
  }
  const mapping = new Map(instructions.map((m) => [m.sourceElementId, m.targetElementId]));
  // the process itself goes to the target process
  mapping.set(source.bpmnProcessId, target.bpmnProcessId);
  const moves: ElementMove[] = [];
  const movedTo = new Map<ElementInstance, FlowElement>();
  const visit = (instance: ElementInstance) => {
    const to = checkElement(key, instance, target, mapping, movedTo);
    movedTo.set(instance, to);
    moves.push({ instance, target: to, joins: migratedJoins(key, instance, target, mapping) });
    for (const child of instance.children) if (isActive(child)) visit(child);
  };
  visit(process.root);
  return { moves, target, mapping };
}

function checkElement(
  key: string,
  instance: ElementInstance,
  target: ProcessDefinition,
  mapping: Map<string, string>,
  movedTo: Map<ElementInstance, FlowElement>,
): FlowElement {
  const element = instance.element;
  const type = element.camundaType;
  const reject = (text: string) => failedPrecondition(`Expected to migrate process instance '${key}' but ${text}`);
  if (!SUPPORTED_TYPES.has(type)) {
    throw reject(
      `active element with id '${element.id}' has an unsupported type. The migration of a ${type} is not supported.`,
    );
  }
  if (type === 'INTERMEDIATE_CATCH_EVENT') {
    const kind = element.eventDefinition.kind;
    if (!SUPPORTED_CATCH_EVENTS.has(kind)) {
      throw reject(
        `active element with id '${element.id}' is intermediate catch event of type '${kind.toUpperCase()}'. Migrating active intermediate catch event of this type is not possible yet.`,
      );
    }
    if (element.incoming.some((f) => f.source.kind === 'eventBasedGateway')) {
      throw reject(
        `active element with id '${element.id}' is an intermediate catch event attached to an event-based gateway. Migrating active events attached to an event-based gateway is not possible yet.`,
      );
    }
  }
  const targetId = mapping.get(element.id);
  if (targetId === undefined) {
    throw reject(
      `no mapping instruction defined for active element with id '${element.id}'. Elements cannot be migrated without a mapping.`,
    );
  }
  const to = targetElement(instance, targetId, target);
  if (to.camundaType !== type) {
    throw reject(
      `active element with id '${element.id}' and type '${type}' is mapped to an element with id '${targetId}' and different type '${to.camundaType}'. Elements must be mapped to elements of the same type.`,
    );
  }
  if (type === 'USER_TASK') checkUserTaskImplementation(instance, to, reject);
  const parent = instance.parent;
  const expected = parent ? movedTo.get(parent) : undefined;
  if (expected && to.scope?.id !== expected.id) {
    throw reject(
      `the flow scope of active element with id '${element.id}' is changed. The flow scope of the active element is expected to be '${expected.id}' but was '${to.scope?.id}'. The flow scope of an element cannot be changed during migration yet.`,
    );
  }
  checkEventTypes(element, to, reject);
  checkCatchEventMappings(element, to, mapping, reject);
  checkLoopCharacteristics(element, to, reject);
  // a step not yet run: Zeebe's "active sequence flows" / pending event trigger
  if (instance.state !== 'ACTIVATED') {
    throw reject('a concurrent command was executed on the process instance. Please retry the migration.');
  }
  return to;
}

function checkUserTaskImplementation(instance: ElementInstance, to: FlowElement, reject: (text: string) => Error) {
  const implementation = (e: FlowElement) => (e.userTask?.camundaUserTask ? 'zeebe user task' : 'job worker');
  const from = implementation(instance.element);
  if (from !== implementation(to)) {
    throw reject(
      `active user task with id '${instance.element.id}' and implementation '${from}' is mapped to an user task with id '${to.id}' and different implementation '${implementation(to)}'. Elements must be mapped to elements of the same implementation.`,
    );
  }
}

/**
 * The element an instance becomes. A multi-instance body's inner instances carry the body's id: mapped to a
 * target body, they become its inner activity (Zeebe compares the inner activity's type and flow scope).
 */
function targetElement(instance: ElementInstance, targetId: string, target: ProcessDefinition): FlowElement {
  if (targetId === target.bpmnProcessId) return target.model.root;
  const to = target.model.elements.get(targetId) as FlowElement;
  const inner = instance.parent?.element.kind === 'multiInstanceBody';
  return inner && to.kind === 'multiInstanceBody' ? to.children[0] : to;
}

/** a multi-instance body stays sequential or parallel (its running loop cannot switch) */
function checkLoopCharacteristics(from: FlowElement, to: FlowElement, reject: (text: string) => Error) {
  if (!from.multiInstance || !to.multiInstance) return;
  if (from.multiInstance.sequential !== to.multiInstance.sequential) {
    throw reject(
      `active element with id '${from.id}' has a different loop characteristics than the target element with id '${to.id}'. Both elements must have either sequential or parallel loop characteristics.`,
    );
  }
}

/** the event types of event sub-process starts and boundary events whose subscriptions Zeebe 8.8 migrates */
const MIGRATED_START_EVENTS = new Set(['MESSAGE', 'TIMER', 'SIGNAL', 'ERROR', 'ESCALATION']);
const MIGRATED_BOUNDARY_EVENTS = new Set([...MIGRATED_START_EVENTS, 'COMPENSATION']);

/**
 * Zeebe's requireNoEventSubprocessIn{Source,Target} and requireNoBoundaryEventIn{Source,Target}: the source
 * element and its target hold only event sub-process starts and boundary events of the types it migrates
 * (a conditional one, say, is refused).
 */
function checkEventTypes(from: FlowElement, to: FlowElement, reject: (text: string) => Error) {
  const refused = (events: FlowElement[], allowed: Set<string>) =>
    events
      .map(eventType)
      .filter((type) => !allowed.has(type))
      .join(',');
  const starts = (e: FlowElement) => e.eventSubProcesses.map((sub) => sub.startEvent).filter((s) => s !== undefined);
  for (const [element, where] of [
    [from, 'active'],
    [to, 'target'],
  ] as const) {
    const types = refused(starts(element), MIGRATED_START_EVENTS);
    if (types) {
      throw reject(
        `${where} process with id '${element.id}' has one or more event subprocesses with start events of types '${types}'. Migrating event subprocesses with start events of these types is not possible yet.`,
      );
    }
  }
  for (const [element, where] of [
    [from, 'active'],
    [to, 'target'],
  ] as const) {
    const types = refused(element.boundaryEvents, MIGRATED_BOUNDARY_EVENTS);
    if (types) {
      throw reject(
        `${where} element with id '${element.id}' has one or more boundary events of types '${types}'. Migrating ${where} elements with boundary events of these types is not possible yet.`,
      );
    }
  }
}
