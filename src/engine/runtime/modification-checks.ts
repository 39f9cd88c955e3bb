/**
 * What Zeebe checks before it modifies a process instance (ProcessInstanceModificationModifyProcessor's
 * validateCommand), in its order and with its rejection texts: the elements to activate exist and may be
 * activated, the element instances to terminate exist, variable scopes exist and are flow scopes of the
 * element, a chosen ancestor is an active ancestor in the same instance, and no activation needs a flow scope
 * instance that is being terminated.
 */
import { invalidArgument } from '../errors';
import type { FlowElement, ProcessModel } from '../model/process-model';
import { isActive, type ProcessInstance } from './element-instance';
import type { ModifyProcessInstanceCommand } from './modification';
import type { Runtime } from './runtime';

/** Zeebe's BpmnElementType order (8.8), less the types a modification cannot activate */
const SUPPORTED_TYPES =
  '[PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, AD_HOC_SUB_PROCESS, AD_HOC_SUB_PROCESS_INNER_INSTANCE, ' +
  'INTERMEDIATE_CATCH_EVENT, INTERMEDIATE_THROW_EVENT, END_EVENT, SERVICE_TASK, RECEIVE_TASK, USER_TASK, ' +
  'MANUAL_TASK, TASK, EXCLUSIVE_GATEWAY, PARALLEL_GATEWAY, EVENT_BASED_GATEWAY, INCLUSIVE_GATEWAY, ' +
  'MULTI_INSTANCE_BODY, CALL_ACTIVITY, BUSINESS_RULE_TASK, SCRIPT_TASK, SEND_TASK]';
const UNSUPPORTED_TYPES = new Set(['START_EVENT', 'BOUNDARY_EVENT']);

/** "-1", "0", absent: no ancestor chosen (Zeebe's NO_ANCESTOR_SCOPE_KEY) */
export const ancestorOf = (key: string | undefined) => (key && /^[1-9]\d*$/.test(key) ? key : undefined);

const modifyText = (processId: string) => `Expected to modify instance of process '${processId}' but it contains`;

export function checkModification(rt: Runtime, instance: ProcessInstance, cmd: ModifyProcessInstanceCommand) {
  const model = instance.definition.model;
  const id = model.bpmnProcessId;
  const activations = cmd.activateInstructions ?? [];
  const unknown = unique(activations.map((a) => a.elementId).filter((e) => !model.elements.has(e)));
  if (unknown.length > 0) {
    throw invalidArgument(
      `${modifyText(id)} one or more activate instructions with an element that could not be found: '${unknown.join("', '")}'`,
    );
  }
  const elements = unique(activations.map((a) => a.elementId)).map((e) => model.elements.get(e) as FlowElement);
  const afterGateway = elements.filter((e) => e.incoming.some((f) => f.source.kind === 'eventBasedGateway'));
  if (afterGateway.length > 0) {
    throw unsupported(
      id,
      afterGateway,
      'The activation of events belonging to an event-based gateway is not supported',
    );
  }
  const unsupportedTypes = elements.filter((e) => UNSUPPORTED_TYPES.has(e.camundaType));
  if (unsupportedTypes.length > 0) {
    const types = unique(unsupportedTypes.map((e) => e.camundaType)).join("', '");
    throw unsupported(
      id,
      unsupportedTypes,
      `The activation of elements with type '${types}' is not supported. Supported element types are: ${SUPPORTED_TYPES}`,
    );
  }
  const terminations = unique((cmd.terminateInstructions ?? []).map((t) => t.elementInstanceKey));
  const missing = terminations.filter((key) => !isActiveKey(rt, key));
  if (missing.length > 0) {
    throw invalidArgument(
      `${modifyText(id)} one or more terminate instructions with an element instance that could not be found: '${missing.join("', '")}'`,
    );
  }
  checkVariableScopes(model, cmd);
  checkAncestors(rt, instance, cmd);
  checkActivationsOutsideTerminated(rt, model, cmd, terminations);
}

function unsupported(processId: string, elements: FlowElement[], why: string) {
  return invalidArgument(
    `${modifyText(processId)} one or more activate instructions for elements that are unsupported: '${elements.map((e) => e.id).join("', '")}'. ${why}.`,
  );
}

function checkVariableScopes(model: ProcessModel, cmd: ModifyProcessInstanceCommand) {
  const id = model.bpmnProcessId;
  const activations = cmd.activateInstructions ?? [];
  const scopeIds = (a: (typeof activations)[number]) =>
    (a.variableInstructions ?? []).map((v) => v.scopeId ?? '').filter((s) => s !== '');
  const unknown = unique(activations.flatMap(scopeIds).filter((s) => !model.elements.has(s)));
  if (unknown.length > 0) {
    throw invalidArgument(
      `${modifyText(id)} one or more variable instructions with a scope element id that could not be found: '${unknown.join("', '")}'`,
    );
  }
  const notFlowScope = activations.some((a) => {
    const element = model.elements.get(a.elementId) as FlowElement;
    return scopeIds(a).some((s) => s !== a.elementId && !isFlowScopeOf(element, s));
  });
  if (notFlowScope) {
    throw invalidArgument(
      `${modifyText(id)} one or more variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.`,
    );
  }
}

function checkAncestors(rt: Runtime, instance: ProcessInstance, cmd: ModifyProcessInstanceCommand) {
  const id = instance.definition.bpmnProcessId;
  const chosen = (cmd.activateInstructions ?? []).flatMap((a) => {
    const key = ancestorOf(a.ancestorElementInstanceKey);
    return key ? [{ key, elementId: a.elementId }] : [];
  });
  const inactive = unique(chosen.map((c) => c.key).filter((key) => !isActiveKey(rt, key)));
  if (inactive.length > 0) {
    throw invalidArgument(
      `${modifyText(id)} one or more activate instructions with an ancestor scope key that does not exist, or is not in an active state: '${inactive.join("', '")}'`,
    );
  }
  const foreign = unique(
    chosen.map((c) => c.key).filter((key) => rt.elementInstances.get(key)?.processInstanceKey !== instance.key),
  );
  if (foreign.length > 0) {
    throw invalidArgument(
      `${modifyText(id)} one or more activate instructions with an ancestor scope key that does not belong to the modified process instance: '${foreign.join("', '")}'`,
    );
  }
  const model = instance.definition.model;
  const notAncestors = chosen
    .map((c) => ({ ...c, ancestorId: rt.elementInstances.get(c.key)?.element.id as string }))
    .filter((c) => !isFlowScopeOf(model.elements.get(c.elementId) as FlowElement, c.ancestorId))
    .map((c) => `\n- instance '${c.key}' of element '${c.ancestorId}' is not an ancestor of element '${c.elementId}'`);
  if (notAncestors.length > 0) {
    throw invalidArgument(
      `${modifyText(id)} one or more activate instructions with an ancestor scope key that is not an ancestor of the element to activate:${notAncestors.join('')}`,
    );
  }
}

function checkActivationsOutsideTerminated(
  rt: Runtime,
  model: ProcessModel,
  cmd: ModifyProcessInstanceCommand,
  terminations: string[],
) {
  const conflicts: string[] = [];
  for (const key of terminations) {
    const terminated = rt.elementInstances.get(key);
    if (!terminated) continue;
    for (const a of cmd.activateInstructions ?? []) {
      const ancestor = ancestorOf(a.ancestorElementInstanceKey);
      const element = model.elements.get(a.elementId) as FlowElement;
      const conflict = ancestor ? ancestor === key : isFlowScopeOf(element, terminated.element.id);
      if (conflict)
        conflicts.push(`element '${a.elementId}' requires flow scope instance '${key}' which is being terminated`);
    }
  }
  if (conflicts.length > 0) {
    throw invalidArgument(
      `Expected to modify instance of process '${model.bpmnProcessId}' but it contains one or more activate instructions for elements whose required flow scope instance is also being terminated: ${conflicts.join(', ')}. Please provide a valid ancestor scope key for the activation or avoid terminating the required flow scope.`,
    );
  }
}

/** Whether the element with id `scopeId` is one of the (direct or indirect) flow scopes of `element`. */
export function isFlowScopeOf(element: FlowElement, scopeId: string): boolean {
  for (let scope = element.scope; scope; scope = scope.scope) if (scope.id === scopeId) return true;
  return false;
}

function isActiveKey(rt: Runtime, key: string) {
  const found = rt.elementInstances.get(key);
  return found !== undefined && isActive(found);
}

const unique = <T>(items: T[]) => [...new Set(items)];
