/**
 * report-analytics: records the "customer onboarded" analytics event in the outbox, once per process instance.
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { defineWorker, elementKey, type JobHandler, type WorkerDeps } from '../worker-definition';
import { company, customerId, tenantSlug } from './onboarding-variables';

export const taskType = 'report-analytics';
export const inputSchema = z.object({ customerId, company, tenantSlug });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createReportAnalyticsWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const outbox = createOutboxRepository(db);
  return async (input, job) => {
    const { message, created } = await outbox.enqueue({
      idempotencyKey: elementKey(job),
      channel: 'analytics',
      topic: 'customer-onboarded',
      payload: { customerId: input.customerId, company: input.company, tenantSlug: input.tenantSlug },
    });
    job.logger.info({ outboxId: message.id, created }, 'onboarding reported to analytics');
    return {};
  };
}

export const reportAnalytics = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createReportAnalyticsWorker,
});
