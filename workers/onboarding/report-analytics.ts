/**
 * report-analytics: records the "customer onboarded" analytics event in the outbox, once per process instance.
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { CUSTOMER_ONBOARDING, company, customerId, tenantSlug } from '../../src/processes/customer-onboarding';
import { defineWorker, elementKey } from '../worker-definition';
import { onboardedCustomer } from './onboarded-customer';

export const reportAnalytics = defineWorker({
  taskType: CUSTOMER_ONBOARDING.taskTypes.reportAnalytics,
  inputSchema: z.object({ customerId, company, tenantSlug }),
  createHandler({ db }) {
    const outbox = createOutboxRepository(db);
    return async (input, job) => {
      const { message, created } = await outbox.enqueue({
        idempotencyKey: elementKey(job),
        channel: 'analytics',
        topic: 'customer-onboarded',
        payload: onboardedCustomer(input),
      });
      job.logger.info({ outboxId: message.id, created }, 'onboarding reported to analytics');
      return {};
    };
  },
});
