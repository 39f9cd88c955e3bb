/**
 * Call activities: start the latest version of the called process as a child instance (with all the
 * caller's visible variables, or only its input-mapped locals when propagateAllParentVariables is false)
 * and complete when the child completes, taking the child's variables back (all of them, or none when
 * propagateAllChildVariables is false; output mappings choose when present). Terminating the call
 * activity terminates the child (../lifecycle.ts, leave).
 */
import type { ElementInstance, ProcessInstance } from '../element-instance';
import { IncidentError } from '../incidents';
import { feelContext } from '../mappings';
import type { Runtime } from '../runtime';
import type { ElementBehavior } from './element-behavior';

export const callActivity: ElementBehavior = {
  onActivated(rt, instance) {
    try {
      startChild(rt, instance);
    } catch (err) {
      rt.incidents.raiseForEvaluation(err, instance, () => callActivity.onActivated(rt, instance));
    }
  },
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

/** The child ended: a completed child completes its call activity (a terminated one was terminated by it). */
export function calledInstanceEnded(rt: Runtime, child: ProcessInstance) {
  const caller = child.callActivity;
  if (!caller || child.root.state !== 'COMPLETED' || caller.state !== 'ACTIVATED') return;
  caller.calledInstanceKey = undefined;
  const called = caller.element.calledElement;
  const childVariables = rt.variables.localObject(child.root.key);
  if (called?.propagateAllChildVariables || caller.element.outputMappings.length > 0) caller.payload = childVariables;
  rt.lifecycle.complete(caller);
}
