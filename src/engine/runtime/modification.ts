/**
 * Process instance modification (Zeebe's ProcessInstanceModificationModifyProcessor): activate elements and
 * terminate element instances of a running instance in one command; a "move token" is both.
 *
 * The whole command is planned before anything changes, so that a rejection found while planning (several
 * instances of a flow scope and no ancestor chosen, a new instance inside a multi-instance body, terminating
 * all of a called instance) leaves the instance as it was, as Zeebe's rolled-back command does. Then, as in
 * Zeebe: the flow scopes an activation needs are reused or created (ACTIVATED at once, without input mappings
 * or start event), variables are set per scope, the elements activate; the terminated instances end, and so
 * does every flow scope left with nothing to do (up to the process instance, which ends TERMINATED).
 */
import { invalidArgument, notFound } from '../errors';
import type { FlowElement } from '../model/process-model';
import { type ElementInstance, isActive, type ProcessInstance } from './element-instance';
import { ancestorOf, checkModification } from './modification-checks';
import type { Runtime } from './runtime';

type Variables = Record<string, unknown>;

/** The gRPC ModifyProcessInstanceRequest (and REST `.../modification` body) as the engine takes it. */
export interface ModifyProcessInstanceCommand {
  processInstanceKey: string;
  activateInstructions?: ActivateInstruction[];
  terminateInstructions?: { elementInstanceKey: string }[];
}

export interface ActivateInstruction {
  elementId: string;
  /** the flow scope instance (or an ancestor of it) to activate in; absent, "-1" or "0": found or created */
  ancestorElementInstanceKey?: string;
  /** variables per scope: `scopeId` the element itself or one of its flow scopes; empty: the process */
  variableInstructions?: { variables: Variables; scopeId?: string }[];
}

/** A flow scope the plan creates (its instance exists once the plan is carried out). */
interface NewScope {
  element: FlowElement;
  parent: ScopeNode;
  instance?: ElementInstance;
}
type ScopeNode = ElementInstance | NewScope;
const isExisting = (node: ScopeNode): node is ElementInstance => 'key' in node;

interface PlannedActivation {
  instruction: ActivateInstruction;
  element: FlowElement;
  /** the flow scopes from the process down to the element's own, reused or new */
  scopes: ScopeNode[];
}

export function modifyProcessInstance(rt: Runtime, cmd: ModifyProcessInstanceCommand): Record<string, never> {
  const instance = rt.processInstances.get(cmd.processInstanceKey);
  if (!instance || !isActive(instance.root)) {
    throw notFound(
      `Expected to modify process instance but no process instance found with key '${cmd.processInstanceKey}'`,
    );
  }
  checkModification(rt, instance, cmd);
  const created: NewScope[] = [];
  const activations = (cmd.activateInstructions ?? []).map((instruction) =>
    planActivation(rt, instance, instruction, created),
  );
  const required = new Set<ElementInstance>(activations.flatMap((a) => a.scopes.filter(isExisting)));
  const terminations = planTerminations(rt, cmd, required);
  for (const activation of activations) activate(rt, instance, activation);
  for (const terminated of terminations) rt.lifecycle.terminate(terminated);
  return {};
}

function planActivation(
  rt: Runtime,
  instance: ProcessInstance,
  instruction: ActivateInstruction,
  created: NewScope[],
): PlannedActivation {
  const element = instance.definition.model.elements.get(instruction.elementId) as FlowElement;
  const ancestor = ancestorOf(instruction.ancestorElementInstanceKey);
  const chain: FlowElement[] = [];
  for (let scope = element.scope; scope?.scope; scope = scope.scope) chain.unshift(scope);
  const scopes: ScopeNode[] = [instance.root];
  for (const scope of chain) {
    const parent = scopes[scopes.length - 1];
    const reused = reusableScope(rt, instance, scope, parent, ancestor, created);
    if (reused) {
      scopes.push(reused);
      continue;
    }
    if (scope.kind === 'multiInstanceBody' || scope.scope?.kind === 'multiInstanceBody') {
      throw invalidArgument(
        `Expected to modify instance of process '${instance.definition.bpmnProcessId}' but it contains one or more activate instructions that would result in the activation of multi-instance element '${scope.id}', which is currently unsupported.`,
      );
    }
    const fresh: NewScope = { element: scope, parent };
    created.push(fresh);
    scopes.push(fresh);
  }
  return { instruction, element, scopes };
}

/**
 * An instance of flow scope `scope` under `parent` to activate in (Zeebe's findReusableSubprocessInstanceKey), or
 * undefined when a new one is to be created: the only one, unless it lies inside the chosen ancestor; of several,
 * the chosen ancestor or the one it lies in.
 */
function reusableScope(
  rt: Runtime,
  instance: ProcessInstance,
  scope: FlowElement,
  parent: ScopeNode,
  ancestor: string | undefined,
  created: NewScope[],
): ScopeNode | undefined {
  const existing = isExisting(parent)
    ? parent.children.filter((c) => c.element === scope && isActive(c) && c.state !== 'TERMINATING')
    : [];
  const candidates: ScopeNode[] = [...existing, ...created.filter((c) => c.parent === parent && c.element === scope)];
  if (candidates.length === 0) return undefined;
  if (candidates.length === 1) {
    return ancestor && liesIn(candidates[0], ancestor) ? undefined : candidates[0];
  }
  const several = () =>
    invalidArgument(
      `Expected to modify instance of process '${instance.definition.bpmnProcessId}' but it contains one or more activate instructions for an element that has a flow scope with more than one active instance: '${scope.id}'. Can't decide in which instance of the flow scope the element should be activated. Please specify an ancestor element instance key for this activate instruction.`,
    );
  if (!ancestor) throw several();
  const chosen = candidates.find((c) => isExisting(c) && c.key === ancestor);
  if (chosen) return chosen;
  if (candidates.some((c) => liesIn(c, ancestor))) return undefined;
  const selected = rt.elementInstances.get(ancestor);
  const around = selected && candidates.find((c) => isExisting(c) && liesIn(selected, c.key));
  if (around) return around;
  throw several();
}

/** Whether `node` lies (directly or deeper) inside the element instance with key `ancestor`. */
function liesIn(node: ScopeNode, ancestor: string): boolean {
  for (let p: ScopeNode | undefined = node.parent; p; p = p.parent) {
    if (isExisting(p) && p.key === ancestor) return true;
  }
  return false;
}

/**
 * The instances to terminate: each named one (unless inside another), then each flow scope left with no active
 * child, no token at a join and no activation in it (Zeebe's terminateFlowScopes). Ending a called instance that
 * way is rejected: its parent would wait for ever.
 */
function planTerminations(rt: Runtime, cmd: ModifyProcessInstanceCommand, required: Set<ElementInstance>) {
  const ending = new Set<ElementInstance>();
  const ends = (i: ElementInstance) => {
    for (let p: ElementInstance | undefined = i; p; p = p.parent) if (ending.has(p)) return true;
    return false;
  };
  for (const { elementInstanceKey } of cmd.terminateInstructions ?? []) {
    const target = rt.elementInstances.get(elementInstanceKey) as ElementInstance;
    if (ends(target)) continue;
    ending.add(target);
    let scope = target.parent;
    while (scope && !required.has(scope) && !(scope.joins && scope.joins.size > 0) && scope.children.every(ends)) {
      const process = rt.processInstances.get(scope.processInstanceKey);
      if (!scope.parent && process?.callActivity) {
        throw invalidArgument(
          `Expected to modify instance of process '${process.definition.bpmnProcessId}' but the given instructions would terminate the instance. The instance was created by a call activity in the parent process. To terminate this instance please modify the parent process instead.`,
        );
      }
      ending.add(scope);
      scope = scope.parent;
    }
  }
  // terminating an instance terminates what lies inside it: only the outermost ones
  return [...ending].filter((i) => !i.parent || !ends(i.parent));
}

/** Carries out one planned activation: its new flow scopes, the variables per scope, the element itself. */
function activate(rt: Runtime, instance: ProcessInstance, { instruction, element, scopes }: PlannedActivation) {
  const setVariables = (elementId: string, key: string) => {
    for (const v of instruction.variableInstructions ?? []) {
      const scopeId = v.scopeId ?? '';
      if (scopeId === elementId || (scopeId === '' && elementId === instance.definition.bpmnProcessId)) {
        rt.variables.setLocals(key, v.variables);
      }
    }
  };
  let parent: ElementInstance = instance.root;
  for (const node of scopes) {
    if (isExisting(node)) {
      parent = node;
      setVariables(parent.element.id, parent.key);
    } else if (node.instance) {
      parent = node.instance; // (an earlier instruction of the command created it)
      setVariables(parent.element.id, parent.key);
    } else {
      // as Zeebe: ACTIVATED with the instruction's variables, then its event subscriptions
      node.instance = rt.lifecycle.openScope(parent, node.element);
      parent = node.instance;
      setVariables(parent.element.id, parent.key);
      openTriggers(rt, parent);
    }
  }
  const child = rt.lifecycle.activateChild(parent, element);
  setVariables(element.id, child.key);
}

function openTriggers(rt: Runtime, scope: ElementInstance) {
  const element = scope.element;
  if (element.boundaryEvents.length === 0 && element.eventSubProcesses.length === 0) return;
  try {
    rt.triggers.openScopeTriggers(scope);
  } catch (err) {
    throw invalidArgument(`Expected to subscribe to catch event(s) of '${element.id}' but ${(err as Error).message}`);
  }
}
