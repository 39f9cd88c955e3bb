/**
 * Delivers the notifications outbox: claim one due message (outbox-claims.ts), hand it to the deliverer,
 * then mark it sent (claiming the next due one in the same statement) — or count the failed attempt and retry it later with exponential backoff, until the last
 * attempt marks it failed with its error. One message at a time, sweeping every `intervalMs`.
 *
 * Exactly once, as the receiver sees it: a message is marked sent only after the receiver took it, so a
 * crash or stop in between leaves it pending and it goes out again with the same idempotency key, which the
 * receiver uses to drop the repeat. Nothing is lost; nothing reaches a person twice.
 */
import type { Logger } from 'pino';
import type { Database } from '../../data/database';
import type { OutboxMessage } from '../../data/repositories/outbox-repository';
import { DeliveryError, type OutboxDeliver } from './deliverer';
import { claimNextDue, markSent, markSentAndClaimNext, recordFailedAttempt, releaseClaim } from './outbox-claims';

export type { OutboxDeliver } from './deliverer';

export interface OutboxRelayOptions {
  db: Database;
  deliver: OutboxDeliver;
  logger: Logger;
  /** pause between sweeps once the outbox has nothing due (default 500 ms) */
  intervalMs?: number;
  /** attempts before a message is marked failed (default 10) */
  maxAttempts?: number;
  /** wait before the first retry; doubles with each further attempt (default 1 s) */
  retryBackoffMs?: number;
  /** longest wait between two attempts (default 5 min) */
  maxBackoffMs?: number;
  /** how long a claim keeps other relays off a message in delivery; longer than one attempt (default 60 s) */
  claimMs?: number;
}

export const OUTBOX_RELAY_DEFAULTS = {
  intervalMs: 500,
  maxAttempts: 10,
  retryBackoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  claimMs: 60_000,
} as const;

export interface OutboxRelay {
  /**
   * Delivers due messages until none is left; resolves with how many were sent. Rejects when a delivery was
   * abandoned (the deliver function threw something other than a DeliveryError); that message stays pending.
   */
  drain(): Promise<number>;
  /** Stops sweeping and aborts the delivery in hand, which stays pending; resolves once it has settled. */
  stop(): Promise<void>;
}

type Outcome = 'none' | 'sent' | 'failed';

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, deliver, logger } = options;
  const settings = {
    intervalMs: options.intervalMs ?? OUTBOX_RELAY_DEFAULTS.intervalMs,
    maxAttempts: Math.max(1, options.maxAttempts ?? OUTBOX_RELAY_DEFAULTS.maxAttempts),
    retryBackoffMs: Math.max(1, options.retryBackoffMs ?? OUTBOX_RELAY_DEFAULTS.retryBackoffMs),
    maxBackoffMs: options.maxBackoffMs ?? OUTBOX_RELAY_DEFAULTS.maxBackoffMs,
    claimMs: options.claimMs ?? OUTBOX_RELAY_DEFAULTS.claimMs,
  };
  const stopping = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;

  const retryDelay = (attempt: number) => Math.min(settings.retryBackoffMs * 2 ** (attempt - 1), settings.maxBackoffMs);

  /**
   * Delivers `claimed`, or else the next due message it claims. After a send, `next` is the message claimed in
   * the same statement that marked it (null: none is due); undefined: not looked for.
   */
  const deliverOne = async (claimed?: OutboxMessage): Promise<{ outcome: Outcome; next?: OutboxMessage | null }> => {
    const message = claimed ?? (await claimNextDue(db, settings.claimMs));
    if (!message) return { outcome: 'none' };
    const attempt = message.attempts + 1;
    const fields = { outboxId: message.id, topic: message.topic, idempotencyKey: message.idempotencyKey, attempt };
    try {
      await deliver(message, stopping.signal);
    } catch (err) {
      if (!(err instanceof DeliveryError)) {
        await releaseClaim(db, message.id).catch(() => undefined); // else the claim expires
        throw err;
      }
      const giveUp = attempt >= settings.maxAttempts;
      const retryInMs = retryDelay(attempt);
      await recordFailedAttempt(db, message.id, err.message, { giveUp, retryInMs });
      if (giveUp) {
        logger.error(
          { ...fields, error: err.message },
          `outbox message ${message.id} (${message.topic}) failed after ${attempt} attempts; it stays in the outbox as failed`,
        );
      } else {
        logger.warn({ ...fields, error: err.message, retryInMs }, 'outbox delivery failed; it will be retried');
      }
      return { outcome: 'failed' };
    }
    if (stopping.signal.aborted) {
      await markSent(db, message.id);
      return { outcome: 'sent', next: null };
    }
    const next = await markSentAndClaimNext(db, message.id, settings.claimMs);
    logger.debug(fields, 'outbox message delivered');
    if (next && stopping.signal.aborted) {
      await releaseClaim(db, next.id).catch(() => undefined); // else the claim expires
      return { outcome: 'sent', next: null };
    }
    return { outcome: 'sent', next: next ?? null };
  };

  const drain = async () => {
    let sent = 0;
    let claimed: OutboxMessage | null | undefined;
    while (!stopping.signal.aborted && claimed !== null) {
      const next = deliverOne(claimed);
      const tracked = next.catch(() => undefined);
      inFlight.add(tracked);
      try {
        const result = await next;
        if (result.outcome === 'none') break;
        if (result.outcome === 'sent') sent++;
        claimed = result.next;
      } finally {
        inFlight.delete(tracked);
      }
    }
    // stopped between a send and the delivery of what it claimed: give that back
    if (claimed) await releaseClaim(db, claimed.id).catch(() => undefined);
    return sent;
  };

  const sweep = () => {
    timer = undefined;
    drain()
      .catch((err) => {
        if (!stopping.signal.aborted) {
          logger.warn({ err }, 'outbox sweep interrupted; pending messages are retried on the next sweep');
        }
      })
      .finally(() => {
        if (!stopping.signal.aborted) timer = setTimeout(sweep, settings.intervalMs).unref();
      });
  };
  timer = setTimeout(sweep, 0).unref();

  return {
    drain,
    async stop() {
      stopping.abort();
      if (timer) clearTimeout(timer);
      await Promise.all(inFlight);
    },
  };
}
