/**
 * Stage events as CloudEvents 1.0, and their structured-mode JSON (`application/cloudevents+json`), the one
 * form they take on every bus: the AMQP message body, the in-process bus's copy and the API's event log.
 */
import { CloudEvent } from 'cloudevents';

export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

/** A row of stage_events (migrations 012, 016): seq orders the events, id is the CloudEvent id. */
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

/** An event as the buses take it: its structured-mode JSON, built once, and what routing needs. */
export interface StructuredEvent {
  id: string;
  type: string;
  subject?: string;
  /** the structured-mode CloudEvent (`application/cloudevents+json`) */
  json: string;
}

export function toStructuredEvent(event: BatonCloudEvent): StructuredEvent {
  return { id: event.id, type: event.type, subject: event.subject, json: JSON.stringify(event.toJSON()) };
}

/** The CloudEvent of a structured event built here (not validated again, as toCloudEvent). */
export function fromStructuredEvent(event: StructuredEvent): BatonCloudEvent {
  return new CloudEvent<unknown>(JSON.parse(event.json), false);
}

/**
 * A stage event's structured JSON straight from its columns, without a CloudEvent object (the publisher
 * builds one per event); the same bytes as toStructuredJson(toCloudEvent(record)), attributes in the order
 * CloudEvent#toJSON gives them. time: anything Date parses (the database's JSON form of a timestamptz).
 */
export function stageEventJson(
  record: Pick<StageEventRecord, 'id' | 'source' | 'type' | 'subject' | 'data'> & { time: string | Date },
): string {
  const s = JSON.stringify;
  return (
    `{"id":${s(record.id)},"time":"${new Date(record.time).toISOString()}","type":${s(record.type)},` +
    `"source":${s(record.source)},"specversion":"1.0","datacontenttype":"application/json",` +
    `"subject":${s(record.subject)},"data":${s(record.data)}}`
  );
}

/** Reads a structured-mode CloudEvent; throws (cloudevents' ValidationError) when it is not one. */
export function parseStructuredJson(body: Buffer | string): BatonCloudEvent {
  const parsed = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  return new CloudEvent<unknown>(parsed, true);
}
