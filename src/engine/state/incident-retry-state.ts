/**
 * What resolving an incident retries, as a snapshot names it (RetryState) and as a restore makes it again:
 * today incidents hold their retry as a closure, so the snapshot works out which one it was from what
 * raised it (retryOf) and the restore rebuilds it as the raising code wrote it (retryFor).
 */
import type { ElementInstance, ProcessInstance } from '../runtime/element-instance';
import { behaviorOf } from '../runtime/elements';
import { innerInstanceCompleted } from '../runtime/elements/multi-instance';
import type { Incident } from '../runtime/incidents';
import type { Runtime } from '../runtime/runtime';
import type { IncidentState, RetryState } from './snapshot-state';
import { NotSnapshottableError } from './state-refs';

/** Names the retry an incident holds from what raised it (see RetryState and every `incidents.raise` call). */
export function retryOf(incident: Incident): RetryState {
  if (!incident.retry || incident.view.state !== 'ACTIVE') return 'none';
  if (incident.view.jobKey !== undefined) return 'job';
  if (incident.innerInstance) return 'innerCompleted';
  switch (incident.instance.state) {
    case 'ACTIVATING':
      return 'activate';
    case 'ACTIVATED':
      return 'onActivated';
    case 'COMPLETING':
      return 'complete';
    default:
      throw new NotSnapshottableError(
        `incident '${incident.view.key}' is active on an element instance in state ${incident.instance.state}`,
      );
  }
}

/** The closure an incident's resolution runs, as the code that raised it wrote it (see RetryState). */
export function retryFor(
  rt: Runtime,
  i: IncidentState,
  instance: ElementInstance,
  inner: ElementInstance | undefined,
  root: ProcessInstance | undefined,
) {
  switch (i.retry) {
    case 'none':
      return undefined;
    case 'job': {
      const jobKey = i.view.jobKey as string;
      return () => rt.jobs.retryAfterIncident(jobKey);
    }
    case 'activate':
      // a process instance's root activates with its pending start event afterwards (Lifecycle.createProcessInstance)
      return root
        ? () => rt.lifecycle.activate(instance, () => rt.lifecycle.activatePendingStart(root), true)
        : () => rt.lifecycle.activate(instance, undefined, true);
    case 'onActivated':
      return () => behaviorOf(instance.element).onActivated(rt, instance);
    case 'complete':
      return () => rt.lifecycle.completeNow(instance);
    case 'innerCompleted':
      return () => innerInstanceCompleted(rt, instance, inner as ElementInstance);
  }
}
