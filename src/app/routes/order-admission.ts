/**
 * Admission control for POST /api/orders: while the backlog of unfinished orders (placed, not yet completed,
 * rejected or cancelled) has reached ORDER_BACKLOG_LIMIT, a new order is refused with 503 and Retry-After
 * instead of accepted as work the workers cannot finish (a flood otherwise grows the backlog, and memory,
 * without bound). The answer is the one a RESOURCE_EXHAUSTED from the engine or a cluster gets
 * (zeebe-problem.ts): the caller retries later either way.
 *
 * The count is read at most every REFRESH_MS, concurrent requests sharing the reading, plus the orders this
 * process admitted since: one indexed count per interval, not one per request. With several API processes
 * each sees the others' orders at the next reading, so the bound holds within what they accept in between.
 */
import { HttpProblem } from '../http/problem';

/** the bound when ORDER_BACKLOG_LIMIT is unset (start-baton.ts): far above what orders run by hand or a test leave open */
export const DEFAULT_ORDER_BACKLOG_LIMIT = 1000;
const REFRESH_MS = 100;
/** what a refused caller is told to wait: about the time the workers take to finish a batch of orders */
export const BACKLOG_RETRY_AFTER_SECONDS = 1;

export interface OrderAdmission {
  /**
   * Throws the 503 problem when the backlog has reached the bound; else counts the order in (until the next
   * reading), so a burst of concurrent requests cannot all slip under the bound.
   */
  admit(): Promise<void>;
}

export function overloaded(detail: string, extensions: Record<string, unknown> = {}): HttpProblem {
  return new HttpProblem(503, detail, extensions, { 'Retry-After': String(BACKLOG_RETRY_AFTER_SECONDS) });
}

export function orderAdmission(options: {
  /** at least 1 (no bound: no admission at all) */
  limit: number;
  countUnfinished: () => Promise<number>;
  now?: () => number;
}): OrderAdmission {
  const { limit } = options;
  const now = options.now ?? Date.now;
  let counted = 0;
  let acceptedSince = 0;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  const refresh = () => {
    reading ??= options.countUnfinished().then(
      (n) => {
        counted = n;
        acceptedSince = 0;
        readAt = now();
        reading = undefined;
      },
      (err) => {
        reading = undefined;
        throw err;
      },
    );
    return reading;
  };

  return {
    async admit() {
      if (now() - readAt >= REFRESH_MS) await refresh();
      const backlog = counted + acceptedSince;
      if (backlog < limit) {
        acceptedSince++;
        return;
      }
      throw overloaded(
        `Order refused for now: ${backlog} orders are unfinished, at the bound of ${limit} (ORDER_BACKLOG_LIMIT); ` +
          'retry once the workers have finished some',
        { unfinishedOrders: backlog, orderBacklogLimit: limit },
      );
    },
  };
}
