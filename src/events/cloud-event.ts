/**
 * Stage events as CloudEvents 1.0, and their structured-mode JSON (`application/cloudevents+json`), the one
 * form they take on every bus: the AMQP message body, the in-process bus's copy and the API's event log.
 */
import { CloudEvent } from 'cloudevents';

export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

/** A row of stage_events (migration 012): seq orders the events, id is the CloudEvent id. */
export interface StageEventRecord {
  seq: number;
  id: string;
  source: string;
  type: string;
  subject: string;
  time: Date;
  data: unknown;
  publishedAt: Date | null;
}

export type BatonCloudEvent = CloudEvent<unknown>;

/** Not validated again: the row's columns make a valid event (NOT NULL), and validation costs per event. */
export function toCloudEvent(record: StageEventRecord): BatonCloudEvent {
  return new CloudEvent<unknown>(
    {
      specversion: '1.0',
      id: record.id,
      source: record.source,
      type: record.type,
      subject: record.subject,
      time: new Date(record.time).toISOString(),
      datacontenttype: 'application/json',
      data: record.data,
    },
    false,
  );
}

export function toStructuredJson(event: BatonCloudEvent): Buffer {
  return Buffer.from(JSON.stringify(event.toJSON()));
}

/** Reads a structured-mode CloudEvent; throws (cloudevents' ValidationError) when it is not one. */
export function parseStructuredJson(body: Buffer | string): BatonCloudEvent {
  const parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  return new CloudEvent<unknown>(parsed, true);
}
