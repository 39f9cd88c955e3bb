/**
 * The stage events' outbox relay: publishes the events queued in stage_events_pending to the bus, oldest
 * first, one batch at a time, and marks a batch published (out of the queue) only once the bus took all of
 * it (publisher confirms); the next batch is read while the bus confirms the current one.
 * While the bus is down the events stay queued and the relay retries with back-off, so none is lost
 * and per subject they still leave in the order they happened (a batch is never skipped past).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../data/database';
import type { EventBus } from './event-bus';
import { createStageEventLog, type PendingBatch } from './stage-event-log';

export interface StageEventPublisherOptions {
  db: Database;
  bus: EventBus;
  logger: Logger;
  /** how often to look for new events when there were none (default 200 ms) */
  intervalMs?: number;
  batchSize?: number;
  /** longest wait between attempts while the bus refuses (default 5 s) */
  maxBackoffMs?: number;
  /** PostgreSQL: how long one instance's publishing lease lasts without renewal (default 10 s) */
  leaseMs?: number;
}

export interface StageEventPublisher {
  /** look now instead of at the next interval (a state change just committed) */
  wake(): void;
  /** resolves when every event written so far is published (tests, benchmarks) */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startStageEventPublisher(options: StageEventPublisherOptions): StageEventPublisher {
  const { db, bus, logger } = options;
  const intervalMs = options.intervalMs ?? 200;
  const batchSize = options.batchSize ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const leaseMs = options.leaseMs ?? 10_000;
  const log = createStageEventLog(db);
  // one process owns an embedded PGlite database, so only PostgreSQL needs a lease among instances
  const holder = randomUUID();
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wakeUp = resolve;
      timer = setTimeout(resolve, ms);
    }).finally(() => {
      clearTimeout(timer);
      wakeUp = undefined;
    });

  // One batch is on the bus at a time, so a refused batch is never overtaken by the next one. While the bus
  // confirms it, the batch before is marked sent and the batch after is read (past the cursor), so the
  // broker's round trip and the database's work overlap. A failed marking only means those events are
  // published again (same ids), which listeners already drop.
  let cursor = 0;
  /** confirmed by the bus, not yet marked sent */
  let confirmed: number[] = [];
  let marking: Promise<void> = Promise.resolve();
  /** the next batch, read while the bus confirms the one before */
  let next: Promise<PendingBatch> | undefined;

  const markConfirmed = (): Promise<void> => {
    if (confirmed.length === 0) return marking;
    const seqs = confirmed;
    confirmed = [];
    marking = marking.then(() =>
      log.markPublished(seqs).catch((err) => {
        cursor = 0;
        logger.warn({ err }, 'published stage events could not be marked sent; they will be published again');
      }),
    );
    return marking;
  };

  /** Forgets the batch read ahead (after waiting for its read, so no query outlives the publisher). */
  const dropReadAhead = async () => {
    const pending = next;
    next = undefined;
    await pending?.catch(() => {});
  };

  /** Publishes one batch; returns how many it published. */
  async function publishBatch(): Promise<number> {
    if (db.kind === 'postgres' && !(await log.holdLease(holder, leaseMs))) {
      await dropReadAhead();
      await markConfirmed();
      cursor = 0; // another instance publishes meanwhile
      return 0;
    }
    const readAhead = next;
    next = undefined;
    const { seqs, events } = await (readAhead ?? log.pendingBatch(batchSize, cursor));
    if (seqs.length === 0) {
      await markConfirmed();
      // on PostgreSQL a transaction may commit an event with a lower seq than one already read: looking
      // from the start again when idle publishes it late rather than never
      cursor = 0;
      return 0;
    }
    const sent = bus.publish(events);
    cursor = seqs[seqs.length - 1];
    // the database's work starts after the bus had a turn to write the batch out (amqplib writes on
    // setImmediate; an embedded PGlite query holds the thread), so the broker works meanwhile
    const after = cursor;
    const reading = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      void markConfirmed();
      return log.pendingBatch(batchSize, after);
    });
    reading.catch(() => {}); // awaited at the next batch; a failure there is the next batch's
    next = reading;
    try {
      await sent;
    } catch (err) {
      await dropReadAhead();
      await marking;
      cursor = 0;
      const message = err instanceof Error ? err.message : String(err);
      await log.recordFailure(seqs[0], message).catch(() => {});
      throw err;
    }
    // added to, never replaced: the batch before may be confirmed and not marked yet (its marking runs on the
    // next turn, and a bus can confirm this one sooner)
    confirmed = confirmed.concat(seqs);
    return seqs.length;
  }

  const running = (async () => {
    while (!stopped) {
      try {
        const published = await publishBatch();
        if (failures > 0) logger.info({ after: failures }, `stage events reach ${bus.description} again`);
        failures = 0;
        if (published === 0) await sleep(intervalMs);
      } catch (err) {
        failures += 1;
        const waitMs = Math.min(maxBackoffMs, 100 * 2 ** Math.min(failures, 10));
        if (failures === 1 || failures % 20 === 0) {
          logger.warn({ err, failures, waitMs }, `stage events wait in the outbox: ${bus.description} refused them`);
        }
        await sleep(waitMs);
      }
    }
  })();

  return {
    wake: () => wakeUp?.(),
    async drained(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const left = await log.unpublished(1);
        if (left.length === 0) return;
        if (Date.now() > deadline) throw new Error(`stage events still unpublished after ${timeoutMs} ms`);
        wakeUp?.();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
      await dropReadAhead();
      await markConfirmed();
    },
  };
}
