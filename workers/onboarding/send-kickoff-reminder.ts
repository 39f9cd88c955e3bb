/**
 * send-kickoff-reminder: queues a reminder to book the kickoff call. Keyed by element instance: each time
 * the reminder timer fires is a new element instance (one reminder each), a redelivered job is the same one.
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { CUSTOMER_ONBOARDING, company, customerId, email } from '../../src/processes/customer-onboarding';
import { defineWorker } from '../worker-definition';

export const sendKickoffReminder = defineWorker({
  taskType: CUSTOMER_ONBOARDING.taskTypes.sendKickoffReminder,
  inputSchema: z.object({ customerId, email, company }),
  createHandler({ db }) {
    const outbox = createOutboxRepository(db);
    return async (input, job) => {
      const { message, created } = await outbox.enqueue({
        idempotencyKey: `${job.processInstanceKey}:${job.elementInstanceKey}`,
        channel: 'email',
        topic: 'kickoff-reminder',
        recipient: input.email,
        payload: { customerId: input.customerId, company: input.company },
      });
      job.logger.info({ outboxId: message.id, created }, 'kickoff reminder queued');
      return {};
    };
  },
});
