/**
 * send-welcome-email: queues the welcome email in the outbox, once per process instance (a customer who
 * onboards again after cancelling gets a new one).
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { CUSTOMER_ONBOARDING, company, customerId, email, tenantSlug } from '../../src/processes/customer-onboarding';
import { defineWorker, elementKey } from '../worker-definition';
import { onboardedCustomer } from './onboarded-customer';

export const sendWelcomeEmail = defineWorker({
  taskType: CUSTOMER_ONBOARDING.taskTypes.sendWelcomeEmail,
  inputSchema: z.object({ customerId, email, company, tenantSlug }),
  outputSchema: z.object({ welcomeEmailId: z.number().int() }),
  createHandler({ db }) {
    const outbox = createOutboxRepository(db);
    return async (input, job) => {
      const { message, created } = await outbox.enqueue({
        idempotencyKey: elementKey(job),
        channel: 'email',
        topic: 'welcome',
        recipient: input.email,
        payload: onboardedCustomer(input),
      });
      job.logger.info({ outboxId: message.id, created }, 'welcome email queued');
      return { welcomeEmailId: message.id };
    };
  },
});
