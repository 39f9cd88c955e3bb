/**
 * The job-worker implementation of ad-hoc sub-processes (Zeebe 8.8's AdHocSubProcessProcessor JobWorkerBehavior,
 * JobCompleteProcessor): a job of kind AD_HOC_SUB_PROCESS is created on activation and again each time an inner
 * path ends (the one still open is canceled first: one job at a time). Its completion `result`
 * (`type: adHocSubProcess`) activates the listed elements, each with its own local variables, and may fulfil the
 * completion condition, optionally canceling what still runs; its variables propagate from the sub-process.
 */
import type { AdHocJobResult, Variables } from '../engine-api';
import { failedPrecondition, invalidArgument, notFound } from '../errors';
import type { ElementInstance } from './element-instance';
import { activateAdHocActivities } from './elements/ad-hoc-sub-process';
import { jobWorkerTask } from './elements/tasks';
import { RETRY_ON_ACTIVATED } from './incident-retry';
import { failureOf } from './incidents';
import type { Job } from './jobs';
import type { Runtime } from './runtime';

/** Whether a job is the ad-hoc sub-process's own (kind AD_HOC_SUB_PROCESS), not a listener's on it. */
export const isAdHocJob = (job: Job) => !job.listener && job.instance.element.adHoc?.jobWorker === true;

/** Creates the sub-process's job (its type or retries failing to evaluate: an incident that retries this). */
export function createAdHocJob(rt: Runtime, scope: ElementInstance) {
  try {
    jobWorkerTask.onActivated(rt, scope);
  } catch (err) {
    const failure = failureOf(err, scope.element.id);
    if (!failure) throw err;
    rt.incidents.raise(failure, scope, RETRY_ON_ACTIVATED);
  }
}

/** An inner path ended: a fresh job for the worker, or, when a job result fulfilled the condition, completion. */
export function adHocJobPathEnded(rt: Runtime, scope: ElementInstance) {
  if (scope.jobKey) {
    rt.jobs.cancel(scope.jobKey);
    scope.jobKey = undefined;
  }
  const adHoc = scope.element.adHoc;
  if (scope.adHocFulfilled && adHoc) return completionConditionFulfilled(rt, scope, adHoc.cancelRemainingInstances);
  createAdHocJob(rt, scope);
}

/** Zeebe's checks of an ad-hoc job's completion, in its words; nothing changes when one fails. */
export function checkAdHocJobCompletion(job: Job, result: AdHocJobResult) {
  const scope = job.instance;
  const ids = (result.activateElements ?? []).map((e) => e.elementId);
  if (result.isCompletionConditionFulfilled && ids.length > 0)
    throw invalidArgument(
      `No elements can be activated for ad-hoc sub-process with key '${scope.key}' because the completion condition is fulfilled.`,
    );
  const unknown = ids.filter((id) => !scope.element.adHoc?.activities.has(id));
  if (unknown.length > 0)
    throw notFound(
      `Expected to activate activities for ad-hoc sub-process with key '${scope.key}', but the given elements [${unknown.join(', ')}] do not exist.`,
    );
  if (scope.state !== 'ACTIVATED')
    throw failedPrecondition(
      `Expected to complete ad-hoc sub-process job, but the ad-hoc sub-process instance is not active (job key '${job.key}', type '${job.type}', processInstanceKey '${scope.processInstanceKey}')`,
    );
}

/** The worker's decision, once the job is completed: variables, activations, then the completion condition. */
export function adHocJobCompleted(rt: Runtime, job: Job, variables: Variables, result: AdHocJobResult) {
  const scope = job.instance;
  if (Object.keys(variables).length > 0) rt.variables.propagate(scope, variables);
  const elements = result.activateElements ?? [];
  if (elements.length > 0) activateAdHocActivities(rt, scope.key, elements, result.isCancelRemainingInstances === true);
  if (result.isCompletionConditionFulfilled) {
    scope.adHocFulfilled = true;
    completionConditionFulfilled(rt, scope, result.isCancelRemainingInstances === true);
  }
}

/** Zeebe's BpmnAdHocSubProcessBehavior.completionConditionFulfilled: complete now, after canceling, or once idle. */
function completionConditionFulfilled(rt: Runtime, scope: ElementInstance, cancelRemaining: boolean) {
  if (cancelRemaining && scope.children.length > 0)
    rt.lifecycle.terminateChildren(scope, () => rt.lifecycle.complete(scope));
  else rt.lifecycle.completeScopeIfDone(scope);
}
