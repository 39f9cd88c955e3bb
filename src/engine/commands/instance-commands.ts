/**
 * The commands on process instances and definitions: create an instance (where it starts), cancel one (only a
 * root instance), set variables (only on an active element instance), resolve an incident, delete a process
 * definition (only without running instances).
 */
import type { CreateInstanceCommand, ProcessInstanceCreated, Variables } from '../engine-api';
import { failedPrecondition, invalidArgument, notFound } from '../errors';
import { isActive, type ProcessInstance } from '../runtime/element-instance';
import type { Runtime } from '../runtime/runtime';
import { command, withVariables } from './command';

export const instanceCommands = {
  create: command({
    call: (cmd: CreateInstanceCommand) => ({ cmd }),
    check: ({ cmd }) => ({ cmd: withVariables(cmd) }),
    apply: (rt, { cmd }) => createInstance(rt, cmd),
  }),
  cancel: command({
    call: (processInstanceKey: string) => ({ key: processInstanceKey }),
    apply: (rt, { key }) => cancelInstance(rt, key),
  }),
  setVariables: command({
    call: (elementInstanceKey: string, variables: Variables, local: boolean) => ({
      key: elementInstanceKey,
      variables,
      local,
    }),
    check: (fields) => withVariables(fields),
    apply: (rt, { key, variables, local }) => setVariables(rt, key, variables, local),
  }),
  resolve: command({
    call: (incidentKey: string) => ({ key: incidentKey }),
    apply: (rt, { key }) => rt.incidents.resolve(key),
  }),
  delete: command({
    call: (resourceKey: string) => ({ key: resourceKey }),
    apply: (rt, { key }) => deleteResource(rt, key),
  }),
};

/** Starts an instance at its none start event, or at the element its first start instruction names. */
function createInstance(rt: Runtime, cmd: CreateInstanceCommand & { variables: Variables }): ProcessInstanceCreated {
  const definition = rt.deployments.resolve(cmd);
  const model = definition.model;
  const instructions = cmd.startInstructions ?? [];
  let start = model.root.noneStartEvent;
  if (instructions.length > 0) {
    const element = model.elements.get(instructions[0].elementId);
    if (!element || element.scope !== model.root) {
      throw invalidArgument(
        `Expected to start the process instance at element '${instructions[0].elementId}', but no such element exists in the process scope`,
      );
    }
    start = element;
  } else if (!start) {
    throw invalidArgument(
      `Expected to create instance of process with none start event, but there is no such event (process '${definition.bpmnProcessId}')`,
    );
  }
  const instance = rt.lifecycle.createProcessInstance(definition, cmd.variables, start);
  return {
    processDefinitionKey: definition.key,
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    processInstanceKey: instance.key,
    tenantId: definition.tenantId,
  };
}

/** Terminates a running root instance; a called child must be cancelled through its root. */
function cancelInstance(rt: Runtime, processInstanceKey: string) {
  const instance = rt.processInstances.get(processInstanceKey);
  if (!instance || !isActive(instance.root)) {
    throw notFound(
      `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`,
    );
  }
  if (instance.callActivity) {
    let root = instance;
    while (root.callActivity) root = rt.processInstances.get(root.callActivity.processInstanceKey) as ProcessInstance;
    throw failedPrecondition(
      `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${root.key}' instead.`,
    );
  }
  rt.lifecycle.terminate(instance.root);
}

/** Deletes a process definition; the previous version's start events take over when it was the latest. */
function deleteResource(rt: Runtime, resourceKey: string) {
  if (rt.deployments.deleteDecisionsOrForm(resourceKey)) return;
  // Zeebe 8.8 rejects deleting a definition that still has running instances (8.9 drains them instead)
  const definition = rt.deployments.get(resourceKey);
  if (definition && [...rt.processInstances.values()].some((p) => p.definition === definition && isActive(p.root))) {
    throw failedPrecondition(
      `Expected to delete resource with key \`${resourceKey}\` but there are still running instances`,
    );
  }
  const { deleted, latest } = rt.deployments.delete(resourceKey);
  const wasLatest = !latest || latest.version < deleted.version;
  if (wasLatest) rt.startEvents.activate(deleted.bpmnProcessId, latest);
}

/** Sets variables on an active element instance: as locals, or propagated outwards as Zeebe does. */
function setVariables(rt: Runtime, elementInstanceKey: string, values: Variables, local: boolean) {
  const scope = rt.elementInstances.get(elementInstanceKey);
  if (!scope || !isActive(scope)) {
    throw notFound(
      `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
    );
  }
  if (local) rt.variables.setLocals(scope.key, values);
  else rt.variables.propagate(scope, values);
  return { key: rt.keys.nextKey() };
}
