/**
 * Incidents: an element that cannot go on (an expression failed, a job ran out of retries, an error was
 * not caught) stops where it is with an incident. Resolving it retries what failed, as the incident's retry
 * data (incident-retry.ts) names it: the lifecycle step that raised it for expression incidents, or the job.
 */
import type { IncidentView } from '../engine-api';
import { failedPrecondition, notFound } from '../errors';
import { FeelBudgetExceeded, FeelEvaluationError } from '../feel';
import { incidentState, restoredIncident } from '../state/incidents-state';
import type { IncidentState } from '../state/snapshot-state';
import type { RestoredRefs } from '../state/state-refs';
import type { ElementInstance } from './element-instance';
import type { IncidentRetry } from './incident-retry';
import type { Runtime } from './runtime';

export interface Incident {
  view: IncidentView;
  instance: ElementInstance;
  /** what resolving it runs again (none: an uncaught error event of an end event) */
  retry?: IncidentRetry;
}

/** Raised by behaviours for failures that are the model's or the data's fault, not the engine's. */
export class IncidentError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

/** A failure that is the model's or the data's fault: what its incident says. */
export interface Failure {
  errorType: string;
  message: string;
}

/**
 * The failure an error thrown while evaluating `element`'s expressions stands for, with the matching Zeebe
 * incident type; undefined for anything else (an engine bug, which must not become an incident).
 */
export function failureOf(err: unknown, elementId: string): Failure | undefined {
  if (err instanceof IncidentError) return { errorType: err.errorType, message: err.message };
  // (the same type as any failed expression: Zeebe has no budget, so no type of its own for it)
  if (err instanceof FeelBudgetExceeded)
    return { errorType: 'EXTRACT_VALUE_ERROR', message: err.messageFor(elementId) };
  if (err instanceof FeelEvaluationError) return { errorType: 'EXTRACT_VALUE_ERROR', message: err.message };
  return undefined;
}

export class IncidentService {
  /** every incident, resolved ones included (the state a snapshot holds: snapshot/restore) */
  private readonly incidents = new Map<string, Incident>();
  /** active incidents per process instance key (derived: `reindex` after a restore) */
  private readonly activeIn = new Map<string, number>();

  constructor(private readonly rt: Runtime) {}

  /** Stops `instance` with an incident; a job retry names the job the incident is about. */
  raise(failure: Failure, instance: ElementInstance, retry: IncidentRetry | undefined) {
    const key = this.rt.keys.nextKey();
    const view: IncidentView = {
      key,
      errorType: failure.errorType,
      errorMessage: failure.message,
      elementId: instance.element.id,
      elementInstanceKey: instance.key,
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.definition.key,
      bpmnProcessId: instance.definition.bpmnProcessId,
      jobKey: retry?.retry === 'job' ? retry.jobKey : undefined,
      state: 'ACTIVE',
      creationTime: this.rt.clock.now(),
      tenantId: instance.definition.tenantId,
    };
    this.incidents.set(key, { view, instance, retry });
    this.countActive(view.processInstanceKey, 1);
    this.rt.history.incidentRaised(instance.processInstanceKey, key);
    instance.incidentKey = key;
    this.rt.events.emit(() => ({ kind: 'incident', action: 'created' }));
    this.rt.logger.debug({ incident: view }, 'incident raised');
  }

  raiseForJob(instance: ElementInstance, jobKey: string, errorMessage: string, errorType = 'JOB_NO_RETRIES') {
    this.raise({ errorType, message: errorMessage }, instance, { retry: 'job', jobKey });
  }

  resolve(key: string) {
    const incident = this.incidents.get(key);
    // Zeebe deletes a resolved incident: resolving it again is NOT_FOUND
    if (incident?.view.state !== 'ACTIVE') {
      throw notFound(`Expected to resolve incident with key '${key}', but no such incident was found`);
    }
    const jobKey = incident.view.jobKey;
    if (jobKey !== undefined && (this.rt.jobs.retriesOf(jobKey) ?? 1) <= 0) {
      throw failedPrecondition(
        `Expected to resolve incident with key '${key}', but job with key '${jobKey}' has no retries left. Please update the job retries and retry resolving the incident`,
      );
    }
    this.markResolved(incident);
    const retry = incident.retry;
    if (retry) this.rt.enqueue(() => this.runRetry(incident.instance, retry));
  }

  /** Runs again what failed, as the incident's retry data names it. */
  private runRetry(instance: ElementInstance, retry: IncidentRetry) {
    const lifecycle = this.rt.lifecycle;
    switch (retry.retry) {
      case 'job':
        return this.rt.jobs.retryAfterIncident(retry.jobKey);
      case 'activate':
        return lifecycle.activate(instance, true);
      case 'onActivated':
        return lifecycle.runActivated(instance);
      case 'complete':
        return lifecycle.completeNow(instance);
      case 'innerCompleted':
        return lifecycle.childCompleted(instance, retry.inner);
      case 'taskListeners':
        return this.rt.userTasks.retryTransition(instance);
    }
  }

  /** The element left (terminated, cancelled): its incident is resolved without retrying. */
  resolveSilently(key: string) {
    const incident = this.incidents.get(key);
    if (incident && incident.view.state === 'ACTIVE') this.markResolved(incident);
  }

  /** The element instance was migrated (migration.ts): its open incident names its new element and process. */
  elementMigrated(instance: ElementInstance) {
    const incident = instance.incidentKey ? this.incidents.get(instance.incidentKey) : undefined;
    if (!incident) return;
    const d = instance.definition;
    Object.assign(incident.view, {
      elementId: instance.element.id,
      processDefinitionKey: d.key,
      bpmnProcessId: d.bpmnProcessId,
    });
  }

  views(): Iterable<IncidentView> {
    return [...this.incidents.values()].map((i) => i.view);
  }

  /** (every search of process instances asks this of each; history holds resolved incidents by the thousand) */
  hasActive(processInstanceKey: string): boolean {
    return this.activeIn.has(processInstanceKey);
  }

  get(key: string): Incident | undefined {
    return this.incidents.get(key);
  }

  /** Every incident, resolved ones included. */
  all(): Iterable<Incident> {
    return this.incidents.values();
  }

  get count(): number {
    return this.incidents.size;
  }

  /** Removes an incident from history (its tree ended and is evicted, history-retention.ts). */
  forget(key: string) {
    this.incidents.delete(key);
  }

  /** The incidents of the process instances `kept` accepts, as a snapshot holds them. */
  snapshot(kept: (processInstanceKey: string) => boolean): IncidentState[] {
    return [...this.incidents.values()].filter((i) => kept(i.view.processInstanceKey)).map(incidentState);
  }

  restore(state: IncidentState[], refs: RestoredRefs) {
    for (const i of state) this.incidents.set(i.view.key, restoredIncident(i, refs));
    this.reindex();
  }

  /** Derives the active counts from `incidents` (after a snapshot restore wrote them). */
  private reindex() {
    this.activeIn.clear();
    for (const { view } of this.incidents.values())
      if (view.state === 'ACTIVE') this.countActive(view.processInstanceKey, 1);
  }

  private countActive(processInstanceKey: string, delta: 1 | -1) {
    const n = (this.activeIn.get(processInstanceKey) ?? 0) + delta;
    if (n > 0) this.activeIn.set(processInstanceKey, n);
    else this.activeIn.delete(processInstanceKey);
  }

  private markResolved(incident: Incident) {
    incident.view.state = 'RESOLVED';
    this.countActive(incident.view.processInstanceKey, -1);
    this.rt.events.emit(() => ({ kind: 'incident', action: 'resolved' }));
    if (incident.instance.incidentKey === incident.view.key) incident.instance.incidentKey = undefined;
  }
}
