/**
 * What the outbox relay hands a message to: a deliverer sends one message and resolves once the receiver
 * has it. Two implementations: webhook-deliverer.ts (POST to OUTBOX_WEBHOOK_URL) and log-deliverer.ts (one
 * log line per message, the local-dev mail catcher). A deliverer says how an attempt ended by how it settles:
 *   resolves                    → delivered: the relay marks the message sent
 *   rejects with DeliveryError  → the receiver refused or could not be reached: counted, retried with backoff,
 *                                 and marked failed after the last attempt
 *   rejects with anything else  → abandoned (the relay is stopping, or the process dies): nothing is marked,
 *                                 the message stays pending and goes out again with the same idempotency key
 */
import type { OutboxMessage } from '../../data/repositories/outbox-repository';
import { subjectAndBody } from './message-text';

/** Sends one message; the receiver must treat `message.idempotencyKey` as its de-duplication key. */
export type OutboxDeliver = (message: OutboxMessage, stopping?: AbortSignal) => Promise<void>;

export interface OutboxDeliverer {
  /** for the start-up log: where messages go */
  readonly description: string;
  deliver: OutboxDeliver;
}

/** A failed attempt worth retrying; the message says what went wrong, as a person reads it in the outbox. */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The message as receivers see it: the webhook's JSON body and the log line's fields. */
export interface OutboxEnvelope {
  id: number;
  idempotencyKey: string;
  channel: OutboxMessage['channel'];
  topic: string;
  recipient: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  createdAt: string;
  /** 1 for the first attempt */
  attempt: number;
}

export function envelopeOf(message: OutboxMessage): OutboxEnvelope {
  const { subject, body } = subjectAndBody(message);
  return {
    id: message.id,
    idempotencyKey: message.idempotencyKey,
    channel: message.channel,
    topic: message.topic,
    recipient: message.recipient,
    subject,
    body,
    payload: message.payload,
    createdAt: new Date(message.createdAt).toISOString(),
    attempt: message.attempts + 1,
  };
}
