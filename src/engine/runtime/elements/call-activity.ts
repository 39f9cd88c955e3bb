/**
 * Call activities: start the latest version of the called process as a child instance (with all the
 * caller's visible variables, or only its input-mapped locals when propagateAllParentVariables is false)
 * and complete when the child completes, taking the child's variables back (all of them, or none when
 * propagateAllChildVariables is false; output mappings choose when present). Terminating the call
 * activity terminates the child (../lifecycle.ts, leave); the child's completion comes back through
 * onChildCompleted.
 */
import type { ElementInstance } from '../element-instance';
import { IncidentError } from '../incidents';
import { feelContext } from '../mappings';
import type { Runtime } from '../runtime';
import type { ElementBehavior } from './element-behavior';

export const callActivity: ElementBehavior = {
  onActivated: startChild,
  onChildCompleted: calledInstanceCompleted,
};

function startChild(rt: Runtime, instance: ElementInstance) {
  const called = instance.element.calledElement;
  if (!called) return rt.lifecycle.complete(instance);
  const processId = called.processId.evaluate((name) => rt.variables.lookup(instance, name), feelContext(rt, instance));
  const definition = typeof processId === 'string' ? rt.deployments.latest(processId) : undefined;
  if (!definition) {
    throw new IncidentError(
      'CALLED_ELEMENT_ERROR',
      `Expected process with BPMN process id '${String(processId)}' to be deployed, but not found.`,
    );
  }
  const start = definition.model.root.noneStartEvent;
  if (!start) {
    throw new IncidentError(
      'CALLED_ELEMENT_ERROR',
      `Expected process with BPMN process id '${definition.bpmnProcessId}' to have a none start event, but it has none.`,
    );
  }
  const variables = called.propagateAllParentVariables
    ? rt.variables.visible(instance)
    : rt.variables.localObject(instance.key);
  const child = rt.lifecycle.createProcessInstance(definition, variables, start, undefined, instance);
  instance.calledInstanceKey = child.key;
}

/** The called process completed: its call activity completes, taking the child's variables as chosen. */
function calledInstanceCompleted(rt: Runtime, caller: ElementInstance, childRoot: ElementInstance) {
  if (caller.state !== 'ACTIVATED') return;
  caller.calledInstanceKey = undefined;
  const called = caller.element.calledElement;
  const childVariables = rt.variables.localObject(childRoot.key);
  if (called?.propagateAllChildVariables || caller.element.outputMappings.length > 0) caller.payload = childVariables;
  rt.lifecycle.complete(caller);
}
