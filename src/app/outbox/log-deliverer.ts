/**
 * The default deliverer when OUTBOX_WEBHOOK_URL is not set: the local-dev mail catcher. Each message becomes
 * one readable log line ("email to ada@example.com: Welcome aboard, Ada Ltd") with the rest as fields, and
 * counts as delivered, so the outbox empties as it would in production and nothing is sent anywhere.
 */
import type { Logger } from 'pino';
import { envelopeOf, type OutboxDeliverer } from './deliverer';

const LEAD: Record<string, (recipient: string | null) => string> = {
  email: (recipient) => `email to ${recipient ?? '(no recipient)'}`,
  ops: () => 'ops alert',
  analytics: () => 'analytics event',
};

export function createLogDeliverer(logger: Logger): OutboxDeliverer {
  return {
    description: 'the log (set OUTBOX_WEBHOOK_URL to deliver to a webhook)',
    async deliver(message) {
      const envelope = envelopeOf(message);
      const lead = (LEAD[envelope.channel] ?? (() => envelope.channel))(envelope.recipient);
      logger.info(
        {
          outboxId: envelope.id,
          idempotencyKey: envelope.idempotencyKey,
          topic: envelope.topic,
          body: envelope.body,
        },
        `${lead}: ${envelope.subject}`,
      );
    },
  };
}
