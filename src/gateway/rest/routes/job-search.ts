/**
 * `POST /v2/jobs/search` (Camunda 8.8): the jobs the engine holds in Camunda's job result shape, so an
 * operator sees a failed job's retries and last error next to its incident.
 */
import { Router as createRouter, type Router } from 'express';
import type { JobView } from '../../../engine/engine-api';
import type { RestContext } from '../context';
import { search } from '../search';
import { byKey } from './incidents';

const JOB_FIELDS = [
  'jobKey',
  'type',
  'worker',
  'state',
  'kind',
  'listenerEventType',
  'isDenied',
  'deniedReason',
  'retries',
  'hasFailedWithRetriesLeft',
  'errorMessage',
  'deadline',
  'processDefinitionId',
  'processDefinitionKey',
  'processInstanceKey',
  'elementId',
  'elementInstanceKey',
  'tenantId',
] as const;

/** Camunda has no ACTIVATED job state: an activated job is still CREATED until it completes or fails. */
const STATES: Record<JobView['state'], string> = {
  CREATED: 'CREATED',
  ACTIVATED: 'CREATED',
  FAILED: 'FAILED',
  COMPLETED: 'COMPLETED',
  CANCELED: 'CANCELED',
  ERROR_THROWN: 'ERROR_THROWN',
};

export function jobItem(job: JobView): Record<string, unknown> {
  return {
    jobKey: job.key,
    type: job.type,
    worker: job.worker ?? '',
    state: STATES[job.state],
    kind: job.listener?.kind ?? job.kind ?? 'BPMN_ELEMENT',
    listenerEventType: job.listener?.listenerEventType ?? 'UNSPECIFIED',
    ...(job.listener?.kind === 'TASK_LISTENER'
      ? { isDenied: job.deniedReason !== undefined, ...(job.deniedReason ? { deniedReason: job.deniedReason } : {}) }
      : {}),
    retries: job.retries,
    hasFailedWithRetriesLeft: job.state === 'FAILED' && job.retries > 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    ...(job.deadline ? { deadline: new Date(job.deadline).toISOString() } : {}),
    customHeaders: job.customHeaders,
    processDefinitionId: job.bpmnProcessId,
    processDefinitionKey: job.processDefinitionKey,
    processInstanceKey: job.processInstanceKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    tenantId: job.tenantId,
  };
}

export function jobSearchRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.post('/jobs/search', (req, res) => {
    const items = [...ctx.reads.listJobs()].map(jobItem);
    res.json(search(items, req.body, { fields: JOB_FIELDS, defaultOrder: byKey('jobKey') }));
  });
  return router;
}
