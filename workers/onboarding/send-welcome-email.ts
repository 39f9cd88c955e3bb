/**
 * send-welcome-email: queues the welcome email in the outbox, once per process instance (a customer who
 * onboards again after cancelling gets a new one).
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { defineWorker, elementKey, type JobHandler, type WorkerDeps } from '../worker-definition';
import { company, customerId, email, tenantSlug } from './onboarding-variables';

export const taskType = 'send-welcome-email';
export const inputSchema = z.object({ customerId, email, company, tenantSlug });
export const outputSchema = z.object({ welcomeEmailId: z.number().int() });
export const bpmnErrors = [] as const;

export function createSendWelcomeEmailWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const outbox = createOutboxRepository(db);
  return async (input, job) => {
    const { message, created } = await outbox.enqueue({
      idempotencyKey: elementKey(job),
      channel: 'email',
      topic: 'welcome',
      recipient: input.email,
      payload: { customerId: input.customerId, company: input.company, tenantSlug: input.tenantSlug },
    });
    job.logger.info({ outboxId: message.id, created }, 'welcome email queued');
    return { welcomeEmailId: message.id };
  };
}

export const sendWelcomeEmail = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createSendWelcomeEmailWorker,
});
