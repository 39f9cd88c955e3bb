/**
 * send-kickoff-reminder: queues a reminder to book the kickoff call. Keyed by element instance: each time
 * the reminder timer fires is a new element instance (one reminder each), a redelivered job is the same one.
 */
import { z } from 'zod';
import { createOutboxRepository } from '../../src/data/repositories/outbox-repository';
import { defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { company, customerId, email } from './onboarding-variables';

export const taskType = 'send-kickoff-reminder';
export const inputSchema = z.object({ customerId, email, company });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createSendKickoffReminderWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
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
}

export const sendKickoffReminder = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createSendKickoffReminderWorker,
});
