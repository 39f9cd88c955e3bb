/** The notifications outbox as GET /api/outbox returns it: what was queued, what was delivered, what failed. */
import { z } from 'zod';
import { OUTBOX_STATUSES } from '../../data/repositories/outbox-repository';

export const OutboxQuerySchema = z.strictObject({
  status: z
    .enum(OUTBOX_STATUSES as [string, ...string[]], { error: `must be one of ${OUTBOX_STATUSES.join(', ')}` })
    .optional()
    .meta({ description: 'only messages in this state (default: all)' }),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be between 1 and 1000').max(1000, 'must be between 1 and 1000'))
    .optional()
    .meta({ description: 'at most this many messages, oldest first (default 100)' }),
});

export const OutboxMessageSchema = z
  .object({
    id: z.number().int(),
    idempotencyKey: z.string().meta({ description: 'sent as the Idempotency-Key header; receivers drop repeats' }),
    channel: z.enum(['email', 'ops', 'analytics']),
    topic: z.string().meta({ description: 'what the message is, e.g. order-confirmation, welcome' }),
    recipient: z.string().nullable(),
    status: z.enum(OUTBOX_STATUSES as [string, ...string[]]).meta({
      description: 'pending until delivered; failed once the last attempt failed',
    }),
    attempts: z.number().int().meta({ description: 'delivery attempts that ended (delivered or failed)' }),
    lastError: z.string().nullable().meta({ description: 'why the last failed attempt failed' }),
    nextAttemptAt: z.string().nullable().meta({ description: 'when a pending message is tried next' }),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
    failedAt: z.string().nullable(),
  })
  .meta({ id: 'OutboxMessage' });

export const OutboxListSchema = z.array(OutboxMessageSchema).meta({ id: 'OutboxMessages' });
