/**
 * Job helpers for tests: play the worker of a job type that has none running, by completing its next job
 * with given variables or throwing a BPMN error from it (Camunda Process Test's completeJob/throwBpmnError).
 * Jobs are activated through `POST /v2/jobs/activation`; when a processInstanceKey is given, jobs of other
 * instances that were activated on the way are handed back unchanged (same retries, no back-off).
 */
import type { ActivatedJobItem, RestApi } from './rest-api';

export interface JobSelector {
  /** only a job of this process instance */
  processInstanceKey?: string;
  /** only a job of this BPMN element */
  elementId?: string;
  /** only a job of an instance of this process */
  processDefinitionId?: string;
  /** how long to wait for such a job (default: the toolkit's assertion timeout) */
  timeoutMs?: number;
}

export interface BpmnErrorOptions extends JobSelector {
  errorMessage?: string;
  /** set in the scope of the catching error event */
  variables?: Record<string, unknown>;
}

export interface ProcessTestJobs {
  /** completes the next job of this type with these variables; resolves with the job that was completed */
  completeJob(type: string, variables?: Record<string, unknown>, selector?: JobSelector): Promise<ActivatedJobItem>;
  /** throws a BPMN error with this code from the next job of this type */
  throwBpmnError(type: string, errorCode: string, options?: BpmnErrorOptions): Promise<ActivatedJobItem>;
}

const POLL_MS = 200;

export function createJobs(api: RestApi, defaultTimeoutMs: number): ProcessTestJobs {
  async function nextJob(type: string, selector: JobSelector): Promise<ActivatedJobItem> {
    const timeoutMs = selector.timeoutMs ?? defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const wait = Math.max(1, Math.min(POLL_MS, deadline - Date.now()));
      const narrowed = Boolean(selector.processInstanceKey || selector.elementId || selector.processDefinitionId);
      const jobs = await api.activateJobs(type, narrowed ? 32 : 1, wait);
      const wanted = jobs.find(
        (j) =>
          (!selector.processInstanceKey || String(j.processInstanceKey) === selector.processInstanceKey) &&
          (!selector.elementId || j.elementId === selector.elementId) &&
          (!selector.processDefinitionId || j.processDefinitionId === selector.processDefinitionId),
      );
      await Promise.all(jobs.filter((j) => j !== wanted).map((j) => api.returnJob(j)));
      if (wanted) return wanted;
      if (Date.now() >= deadline) {
        const of = [
          selector.processInstanceKey && ` of process instance ${selector.processInstanceKey}`,
          selector.elementId && ` at element '${selector.elementId}'`,
          selector.processDefinitionId && ` of process '${selector.processDefinitionId}'`,
        ]
          .filter(Boolean)
          .join('');
        throw new Error(`No job of type '${type}'${of} could be activated within ${timeoutMs} ms`);
      }
    }
  }

  return {
    async completeJob(type, variables = {}, selector = {}) {
      const job = await nextJob(type, selector);
      await api.completeJob(String(job.jobKey), variables);
      return job;
    },
    async throwBpmnError(type, errorCode, options = {}) {
      const job = await nextJob(type, options);
      await api.throwJobError(String(job.jobKey), errorCode, options.errorMessage, options.variables ?? {});
      return job;
    },
  };
}
