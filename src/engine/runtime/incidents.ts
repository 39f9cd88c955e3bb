/**
 * Incidents: an element that cannot go on (an expression failed, a job ran out of retries, an error was
 * not caught) stops where it is with an incident. Resolving it retries what failed: the step that raised
 * it for expression incidents, or the job for job incidents.
 */
import type { IncidentView } from '../engine-api';
import { failedPrecondition, notFound } from '../errors';
import { FeelBudgetExceeded, FeelEvaluationError } from '../feel';
import { incidentState, restoredIncident } from '../state/incidents-state';
import type { IncidentState } from '../state/snapshot-state';
import type { RestoredRefs } from '../state/state-refs';
import type { ElementInstance } from './element-instance';
import type { Runtime } from './runtime';

export interface Incident {
  view: IncidentView;
  instance: ElementInstance;
  retry?: () => void;
  /** for a multi-instance body whose inner instance's completion failed: that inner instance (the retry's subject) */
  innerInstance?: ElementInstance;
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

export class IncidentService {
  /** every incident, resolved ones included (the state a snapshot holds: snapshot/restore) */
  private readonly incidents = new Map<string, Incident>();
  /** active incidents per process instance key (derived: `reindex` after a restore) */
  private readonly activeIn = new Map<string, number>();

  constructor(private readonly rt: Runtime) {}

  raise(
    errorType: string,
    errorMessage: string,
    instance: ElementInstance,
    retry?: () => void,
    jobKey?: string,
    innerInstance?: ElementInstance,
  ) {
    const key = this.rt.keys.nextKey();
    const view: IncidentView = {
      key,
      errorType,
      errorMessage,
      elementId: instance.element.id,
      elementInstanceKey: instance.key,
      processInstanceKey: instance.processInstanceKey,
      processDefinitionKey: instance.definition.key,
      bpmnProcessId: instance.definition.bpmnProcessId,
      jobKey,
      state: 'ACTIVE',
      creationTime: this.rt.clock.now(),
      tenantId: instance.definition.tenantId,
    };
    this.incidents.set(key, { view, instance, retry, innerInstance });
    this.countActive(view.processInstanceKey, 1);
    this.rt.history.incidentRaised(instance.processInstanceKey, key);
    instance.incidentKey = key;
    this.rt.logger.debug({ incident: view }, 'incident raised');
  }

  raiseForJob(instance: ElementInstance, jobKey: string, errorMessage: string) {
    this.raise('JOB_NO_RETRIES', errorMessage, instance, () => this.rt.jobs.retryAfterIncident(jobKey), jobKey);
  }

  /** Expression failures become incidents of the matching Zeebe type; anything else is an engine bug. */
  raiseForEvaluation(err: unknown, instance: ElementInstance, retry: () => void, innerInstance?: ElementInstance) {
    if (err instanceof IncidentError) {
      this.raise(err.errorType, err.message, instance, retry, undefined, innerInstance);
    } else if (err instanceof FeelBudgetExceeded) {
      // (the same type as any failed expression: Zeebe has no budget, so no type of its own for it)
      const message = err.messageFor(instance.element.id);
      this.raise('EXTRACT_VALUE_ERROR', message, instance, retry, undefined, innerInstance);
    } else if (err instanceof FeelEvaluationError) {
      this.raise('EXTRACT_VALUE_ERROR', err.message, instance, retry, undefined, innerInstance);
    } else {
      throw err;
    }
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
    if (incident.retry) this.rt.enqueue(incident.retry);
  }

  /** The element left (terminated, cancelled): its incident is resolved without retrying. */
  resolveSilently(key: string) {
    const incident = this.incidents.get(key);
    if (incident && incident.view.state === 'ACTIVE') this.markResolved(incident);
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
    for (const i of state) this.incidents.set(i.view.key, restoredIncident(this.rt, i, refs));
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
    if (incident.instance.incidentKey === incident.view.key) incident.instance.incidentKey = undefined;
  }
}
