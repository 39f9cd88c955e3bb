/** A job as the REST job search and GET show it (JobView), live or finished, and as a worker receives it. */
import type { ActivatedJob, JobView } from '../engine-api';
import { isAdHocJob } from './ad-hoc-jobs';
import type { Job } from './jobs';
import type { Runtime } from './runtime';

export function jobView(job: Job, state: JobView['state']): JobView {
  const i = job.instance;
  return {
    key: job.key,
    type: job.type,
    state,
    retries: job.retries,
    worker: job.worker,
    deadline: job.deadline,
    errorMessage: job.errorMessage,
    elementId: i.element.id,
    elementInstanceKey: i.key,
    processInstanceKey: i.processInstanceKey,
    processDefinitionKey: i.definition.key,
    bpmnProcessId: i.definition.bpmnProcessId,
    customHeaders: job.customHeaders,
    tenantId: i.definition.tenantId,
    ...(job.listener ? { listener: job.listener } : {}),
    ...(isAdHocJob(job) ? { kind: 'AD_HOC_SUB_PROCESS' as const } : {}),
    ...(job.deniedReason !== undefined ? { deniedReason: job.deniedReason } : {}),
  };
}

/** A job as ActivateJobs (or a job stream) hands it to `worker`, with the variables it asks for. */
export function activatedJob(rt: Runtime, job: Job, worker: string, fetchVariable?: string[]): ActivatedJob {
  const i = job.instance;
  return {
    key: job.key,
    type: job.type,
    processInstanceKey: i.processInstanceKey,
    bpmnProcessId: i.definition.bpmnProcessId,
    processDefinitionVersion: i.definition.version,
    processDefinitionKey: i.definition.key,
    elementId: i.element.id,
    elementInstanceKey: i.key,
    customHeaders: job.customHeaders,
    worker,
    retries: job.retries,
    deadline: job.deadline as number, // (set as it is activated)
    variables: rt.variables.visible(i, fetchVariable),
    tenantId: i.definition.tenantId,
    ...(job.listener ? { listener: job.listener, userTask: rt.listeners.userTaskOf(job) } : {}),
    ...(isAdHocJob(job) ? { kind: 'AD_HOC_SUB_PROCESS' as const } : {}),
  };
}
