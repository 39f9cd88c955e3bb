/** A job as the REST job search and GET show it (JobView), live or finished. */
import type { JobView } from '../engine-api';
import { isAdHocJob } from './ad-hoc-jobs';
import type { Job } from './jobs';

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
