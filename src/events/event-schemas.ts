/** The event log's request and response schemas (GET /api/events, its stream, POST /api/events). */
import { z } from 'zod';

export const CloudEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1),
    source: z.string().min(1),
    type: z.string().min(1),
    subject: z.string().optional(),
    time: z.string().optional(),
    datacontenttype: z.string().optional(),
    data: z.unknown().optional(),
  })
  .loose()
  .meta({ id: 'CloudEvent', description: 'A CloudEvents 1.0 event in structured-mode JSON' });

export const EventLogEntrySchema = z
  .object({
    seq: z.number().int().meta({ description: 'position in the log: the order events happened in' }),
    publishedAt: z.string().nullable().meta({ description: 'when the bus confirmed it; null while held' }),
    event: CloudEventSchema,
  })
  .meta({ id: 'EventLogEntry' });

export const EventLogPageSchema = z
  .object({
    items: z.array(EventLogEntrySchema),
    next: z.number().int().nullable().meta({ description: 'pass as `after` for the next page; null at the end' }),
  })
  .meta({ id: 'EventLogPage' });

const seq = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a whole number')
  .transform(Number);

export const EventLogQuerySchema = z.object({
  subject: z.string().min(1).max(200).optional(),
  type: z.string().min(1).max(200).optional(),
  after: seq.optional().meta({ description: 'only events after this seq' }),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 1000')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be from 1 to 1000').max(1000, 'must be from 1 to 1000'))
    .optional(),
});

export const EventStreamQuerySchema = EventLogQuerySchema.omit({ limit: true });

export const InboundAcceptedSchema = z.object({ id: z.string() }).meta({ id: 'InboundEventAccepted' });

/** text/event-stream: `id: <seq>`, `event: <type>`, `data: <CloudEvent JSON>`, a blank line after each */
export const SseStreamSchema = z.string();
