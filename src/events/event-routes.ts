/**
 * The event log over HTTP: GET /api/events (paged, by subject and type), GET /api/events/stream (the same as
 * Server-Sent Events, live, for an activity feed; resumes after Last-Event-ID) and POST /api/events (an
 * inbound event from another service, put on the bus for the inbound correlations, see inbound-correlations.ts).
 */
import type { Response } from 'express';
import type { z } from 'zod';
import { HttpProblem } from '../app/http/problem';
import { defineRoute, type RouteSpec } from '../app/route-spec';
import { ProblemSchema } from '../app/schemas/common';
import type { Queryable } from '../data/database';
import { parseStructuredJson, type StageEventRecord, toCloudEvent, toStructuredEvent } from './cloud-event';
import type { EventBus } from './event-bus';
import {
  CloudEventSchema,
  EventLogPageSchema,
  EventLogQuerySchema,
  EventStreamQuerySchema,
  InboundAcceptedSchema,
  SseStreamSchema,
} from './event-schemas';
import { createStageEventLog, type EventLogFilter } from './stage-event-log';

export interface EventRouteDeps {
  db: Queryable;
  /** absent: POST /api/events is refused (no bus to put inbound events on) */
  bus?: EventBus;
  /** how often the stream looks for new events (default 500 ms) */
  streamPollMs?: number;
}

const problem = (description: string) => ({
  description,
  schema: ProblemSchema,
  contentType: 'application/problem+json',
});

function toEntry(record: StageEventRecord) {
  return {
    seq: record.seq,
    publishedAt: record.publishedAt ? new Date(record.publishedAt).toISOString() : null,
    event: toCloudEvent(record).toJSON(),
  };
}

/** Writes the log's new events as SSE until the client goes away. */
function streamEvents(
  log: ReturnType<typeof createStageEventLog>,
  filter: EventLogFilter,
  res: Response,
  pollMs: number,
) {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  let after = filter.after ?? 0;
  let closed = false;
  let sinceBeat = 0;
  const tick = async () => {
    if (closed) return;
    try {
      const records = await log.list({ ...filter, after, limit: 500 });
      for (const record of records) {
        res.write(`id: ${record.seq}\nevent: ${record.type}\ndata: ${JSON.stringify(toEntry(record).event)}\n\n`);
        after = record.seq;
      }
      sinceBeat += pollMs;
      // a comment now and then keeps proxies from closing a quiet stream
      if (records.length === 0 && sinceBeat >= 15_000) {
        res.write(': keep-alive\n\n');
        sinceBeat = 0;
      }
    } catch {
      // a failed read is tried again at the next tick
    }
    if (!closed) timer = setTimeout(tick, pollMs);
  };
  let timer = setTimeout(tick, 0);
  // the response's close: the request's fires as soon as its (empty) body has been read
  res.on('close', () => {
    closed = true;
    clearTimeout(timer);
  });
}

export function eventRoutes(deps: EventRouteDeps): RouteSpec[] {
  const log = createStageEventLog(deps.db);
  return [
    defineRoute({
      method: 'get',
      path: '/api/events',
      operationId: 'listEvents',
      summary: 'The stage-event log',
      description: 'Stage events as CloudEvents, in the order they happened; page with `after` = the last `next`.',
      tags: ['Events'],
      query: EventLogQuerySchema,
      responses: {
        200: { description: 'One page of the log', schema: EventLogPageSchema },
        400: problem('A bad query parameter'),
      },
      async handler({ query }: { query: z.output<typeof EventLogQuerySchema> }, _req, res) {
        const limit = query.limit ?? 100;
        const records = await log.list({ ...query, limit });
        res.json({
          items: records.map(toEntry),
          next: records.length === limit ? records[records.length - 1].seq : null,
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/events/stream',
      operationId: 'streamEvents',
      summary: 'The stage-event log, live (Server-Sent Events)',
      description:
        'Each event as an SSE message: `id` its seq, `event` its type, `data` the CloudEvent. Reconnecting with ' +
        'Last-Event-ID (or `after`) resumes after that event.',
      tags: ['Events'],
      query: EventStreamQuerySchema,
      responses: {
        200: { description: 'An endless event stream', schema: SseStreamSchema, contentType: 'text/event-stream' },
        400: problem('A bad query parameter'),
      },
      handler({ query }: { query: z.output<typeof EventStreamQuerySchema> }, req, res) {
        const lastEventId = Number(req.headers['last-event-id']);
        const after = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : query.after;
        streamEvents(log, { ...query, after }, res, deps.streamPollMs ?? 500);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/events',
      operationId: 'publishInboundEvent',
      summary: 'Put an inbound event from another service on the bus',
      description:
        'A CloudEvent in structured-mode JSON, e.g. `shipment.delivered` from a carrier with the order id as ' +
        'subject; the inbound correlations turn it into a process message.',
      tags: ['Events'],
      body: { kind: 'json', schema: CloudEventSchema },
      responses: {
        202: { description: 'The bus took the event', schema: InboundAcceptedSchema },
        400: problem('Not a CloudEvent'),
        503: problem('The bus did not take the event'),
      },
      async handler({ body }: { body: z.output<typeof CloudEventSchema> }, _req, res) {
        if (!deps.bus) throw new HttpProblem(503, 'No event bus runs in this app (EVENT_BUS_URL=off)');
        let event: ReturnType<typeof parseStructuredJson>;
        try {
          event = parseStructuredJson(JSON.stringify(body));
        } catch (err) {
          throw new HttpProblem(400, `Not a valid CloudEvent: ${err instanceof Error ? err.message : String(err)}`);
        }
        try {
          await deps.bus.publish([toStructuredEvent(event)]);
        } catch (err) {
          throw new HttpProblem(
            503,
            `The event bus did not take the event: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
        res.status(202).json({ id: event.id });
      },
    }),
  ];
}
