/**
 * Ad-hoc sub-processes (Zeebe's AdHocSubProcessProcessor): on entry `adHocSubProcessElements` describes what can
 * be activated; the job-worker implementation then hands every decision to a job (../ad-hoc-jobs.ts). The BPMN
 * implementation: on entry the elements named by
 * `activeElementsCollection` activate (none: it waits, e.g. for REST activation); each time an inner path ends,
 * the completion condition is evaluated: true completes it (terminating what still runs, unless
 * `cancelRemainingInstances` is false: then once nothing runs); without a condition it completes once nothing
 * runs. `POST /v2/element-instances/ad-hoc-activities/{key}/activation` activates more (activateAdHocActivities).
 */
import { failedPrecondition, invalidArgument, notFound } from '../../errors';
import { FeelEvaluationError, unexpectedResultType } from '../../feel';
import type { FlowElement } from '../../model/process-model';
import { adHocJobPathEnded } from '../ad-hoc-jobs';
import {
  collectOutput,
  createOutputCollection,
  prepareOutputElement,
  propagateOutputCollection,
} from '../ad-hoc-output';
import { type ElementInstance, isActive } from '../element-instance';
import { IncidentError } from '../incidents';
import type { Runtime } from '../runtime';
import type { ElementBehavior } from './element-behavior';
import { jobWorkerTask } from './tasks';

export const adHocSubProcess: ElementBehavior = {
  onActivated(rt, instance) {
    const adHoc = instance.element.adHoc;
    if (!adHoc) return;
    // a copy: the model's list is shared by every instance
    rt.variables.setLocal(instance.key, 'adHocSubProcessElements', structuredClone(adHoc.elementsMetadata));
    createOutputCollection(rt, instance);
    if (adHoc.jobWorker) return jobWorkerTask.onActivated(rt, instance);
    const expression = adHoc.activeElementsCollection;
    if (!expression) return;
    const value = rt.evaluate(expression, instance);
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new IncidentError(
        'EXTRACT_VALUE_ERROR',
        `Failed to activate ad-hoc elements. ${unexpectedResultType(expression, 'ARRAY', value, [])}`,
      );
    }
    const unknown = (value as string[]).filter((id) => !adHoc.activities.has(id));
    if (unknown.length > 0) {
      throw new IncidentError(
        'EXTRACT_VALUE_ERROR',
        `Failed to activate ad-hoc elements. No BPMN elements found with ids: ${unknown.map((id) => `'${id}'`).join(', ')}.`,
      );
    }
    for (const id of value as string[]) {
      const child = rt.lifecycle.activateChild(instance, adHoc.activities.get(id) as FlowElement);
      prepareOutputElement(rt, instance, child);
    }
  },
  onCompleting(rt, instance) {
    propagateOutputCollection(rt, instance);
  },
};

/**
 * An inner path of an ad-hoc sub-process ended at `last`: its output joins the collection, then the job worker
 * decides, or the completion condition (without one, the sub-process's emptiness) says whether it completes.
 */
export function adHocPathEnded(rt: Runtime, scope: ElementInstance, last: ElementInstance) {
  const adHoc = scope.element.adHoc;
  if (!adHoc || scope.state !== 'ACTIVATED') return;
  if (!collectOutput(rt, scope, last)) return;
  // an interrupting event sub-process ran in place of the inner work: the sub-process completes (Zeebe's interrupted scope)
  if (last.element.kind === 'eventSubProcess' && last.element.interrupting)
    return rt.lifecycle.completeScopeIfDone(scope);
  if (adHoc.jobWorker) return adHocJobPathEnded(rt, scope);
  const condition = adHoc.completionCondition;
  if (!condition) return rt.lifecycle.completeScopeIfDone(scope);
  let fulfilled: unknown;
  try {
    fulfilled = rt.evaluate(condition, scope);
  } catch (err) {
    // a condition that cannot be evaluated is not fulfilled (see docs/divergences.md)
    if (err instanceof FeelEvaluationError) return;
    throw err;
  }
  if (fulfilled !== true) return;
  if (adHoc.cancelRemainingInstances && scope.children.length > 0) {
    rt.lifecycle.terminateChildren(scope, () => rt.lifecycle.complete(scope));
  } else {
    rt.lifecycle.completeScopeIfDone(scope);
  }
}

export interface AdHocActivation {
  elementId: string;
  variables?: Record<string, unknown>;
}

/** REST activation of inner elements of an active ad-hoc sub-process instance, each with its own local variables. */
export function activateAdHocActivities(
  rt: Runtime,
  key: string,
  elements: AdHocActivation[],
  cancelRemainingInstances: boolean,
) {
  const instance = rt.elementInstances.get(key);
  const adHoc = instance?.element.adHoc;
  if (!instance || !adHoc || !isActive(instance)) {
    throw notFound(
      `Expected to activate activities for ad-hoc sub-process with key '${key}', but no such ad-hoc sub-process was found`,
    );
  }
  if (instance.state !== 'ACTIVATED') {
    throw failedPrecondition(
      `Expected to activate activities for ad-hoc sub-process with key '${key}', but it is not active`,
    );
  }
  const unknown = elements.filter((e) => !adHoc.activities.has(e.elementId)).map((e) => `'${e.elementId}'`);
  if (unknown.length > 0) {
    throw invalidArgument(
      `Expected to activate activities for ad-hoc sub-process with key '${key}', but the given elements [${unknown.join(', ')}] do not exist.`,
    );
  }
  const activate = () => {
    for (const { elementId, variables } of elements) {
      const child = rt.lifecycle.activateChild(instance, adHoc.activities.get(elementId) as FlowElement);
      prepareOutputElement(rt, instance, child);
      if (variables) rt.variables.setLocals(child.key, variables);
    }
  };
  if (cancelRemainingInstances && instance.children.length > 0) rt.lifecycle.terminateChildren(instance, activate);
  else activate();
}
