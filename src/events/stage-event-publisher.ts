/**
 * The stage events' outbox relay: publishes the unpublished rows of stage_events to the bus, oldest first,
 * one batch at a time, and marks a batch published only once the bus took all of it (publisher confirms).
 * While the bus is down the events stay in the table and the relay retries with back-off, so none is lost
 * and per subject they still leave in the order they happened (a batch is never skipped past).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../data/database';
import { toCloudEvent } from './cloud-event';
import type { EventBus } from './event-bus';
import { createStageEventLog } from './stage-event-log';

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

  // Events handed to the bus and confirmed but not yet marked sent: the next batch is read past them (cursor)
  // while their marking runs, so the broker's round trip and the database's work overlap. A failed marking
  // only means they are published again (same ids), which listeners already drop.
  let cursor = 0;
  let marking: Promise<void> = Promise.resolve();

  /** Publishes one batch; returns how many it published. */
  async function publishBatch(): Promise<number> {
    if (db.kind === 'postgres' && !(await log.holdLease(holder, leaseMs))) {
      cursor = 0; // another instance publishes meanwhile
      return 0;
    }
    const records = await log.unpublished(batchSize, cursor);
    if (records.length === 0) {
      await marking;
      // on PostgreSQL a transaction may commit an event with a lower seq than one already read: looking
      // from the start again when idle publishes it late rather than never
      cursor = 0;
      return 0;
    }
    try {
      await bus.publish(records.map(toCloudEvent));
    } catch (err) {
      await marking;
      cursor = 0;
      const message = err instanceof Error ? err.message : String(err);
      await log.recordFailure(records[0].seq, message).catch(() => {});
      throw err;
    }
    cursor = records[records.length - 1].seq;
    const seqs = records.map((r) => r.seq);
    marking = marking.then(() =>
      log.markPublished(seqs).catch((err) => {
        cursor = 0;
        logger.warn({ err }, 'published stage events could not be marked sent; they will be published again');
      }),
    );
    return records.length;
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
      await marking;
    },
  };
}
