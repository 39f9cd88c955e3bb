/** GET /api/outbox: the notifications the workers queued and how their delivery stands (see src/app/outbox/). */
import type { z } from 'zod';
import type { OutboxMessage, OutboxRepository, OutboxStatus } from '../../data/repositories/outbox-repository';
import { defineRoute, type RouteSpec } from '../route-spec';
import { OutboxListSchema, type OutboxMessageSchema, OutboxQuerySchema } from '../schemas/outbox';
import { problemResponse } from './problem-response';

const iso = (date: Date | null) => (date === null ? null : new Date(date).toISOString());

function toOutboxBody(m: OutboxMessage): z.output<typeof OutboxMessageSchema> {
  return {
    id: m.id,
    idempotencyKey: m.idempotencyKey,
    channel: m.channel,
    topic: m.topic,
    recipient: m.recipient,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    nextAttemptAt: m.status === 'pending' ? iso(m.nextAttemptAt) : null,
    createdAt: new Date(m.createdAt).toISOString(),
    sentAt: iso(m.sentAt),
    failedAt: iso(m.failedAt),
  };
}

export function outboxRoutes(deps: { outbox: OutboxRepository }): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/outbox',
      operationId: 'listOutbox',
      summary: 'Queued notifications and their delivery state',
      description:
        'Emails, ops alerts and analytics events the workers queued, oldest first. Failed messages carry the ' +
        'error of their last attempt.',
      tags: ['Outbox'],
      query: OutboxQuerySchema,
      responses: {
        200: { description: 'The messages, oldest first', schema: OutboxListSchema },
        400: problemResponse('A bad query parameter'),
      },
      async handler({ query }, _req, res) {
        const messages = await deps.outbox.list({
          status: query.status as OutboxStatus | undefined,
          limit: query.limit ?? 100,
        });
        res.json(messages.map(toOutboxBody));
      },
    }),
  ];
}
