/**
 * Admission control for POST /api/orders: a new order is refused with 503 and Retry-After, instead of
 * accepted as work the workers cannot finish soon (a flood otherwise grows the backlog, and memory, without
 * bound), while the backlog of unfinished orders (placed, not yet completed, rejected or cancelled)
 * - has reached ORDER_BACKLOG_LIMIT orders, or
 * - would take the workers more than ORDER_BACKLOG_SECONDS to finish at the rate they finished orders
 *   lately: a count alone means seconds of waiting on one machine and a minute on a slower one, while the
 *   time is what a caller feels (an order placed behind the backlog completes about that much later).
 * The answer is the one a RESOURCE_EXHAUSTED from the engine or a cluster gets (zeebe-problem.ts): the
 * caller retries later either way, Retry-After saying about when there will be room.
 *
 * The count is read at most every REFRESH_MS, concurrent requests sharing the reading, plus the orders this
 * process admitted since: one indexed count per interval, not one per request. The completion rate comes from
 * the same readings (last count + admitted since − new count). With several API processes each sees the
 * others' orders at the next reading, so the bounds hold within what they accept in between.
 */
import { HttpProblem } from '../http/problem';
import { completionRate } from './order-completion-rate';

/** the bound when ORDER_BACKLOG_LIMIT is unset (start-baton.ts): far above what orders run by hand or a test leave open */
export const DEFAULT_ORDER_BACKLOG_LIMIT = 1000;
/** the bound when ORDER_BACKLOG_SECONDS is unset: an order placed behind the backlog completes within seconds */
export const DEFAULT_ORDER_BACKLOG_SECONDS = 5;
/**
 * the backlog the time bound always allows: an idle app's rate says nothing of what its workers can do, and
 * a burst of this size is finished quickly anywhere
 */
export const TIME_BOUND_FLOOR = 100;
const REFRESH_MS = 100;
/** what a refused caller is told to wait when the workers' rate is unknown (none finished lately) */
export const BACKLOG_RETRY_AFTER_SECONDS = 1;
/** the longest Retry-After: past it the estimate says little, and callers should look again */
const MAX_RETRY_AFTER_SECONDS = 30;

/**
 * The bounds the app applies from the settings: the defaults for those unset; ORDER_BACKLOG_LIMIT=0 turns
 * admission control off, the time bound with it (as documented before the time bound came).
 */
export function admissionBounds(settings: { orderBacklogLimit?: number; orderBacklogSeconds?: number }): {
  orderBacklogLimit: number;
  orderBacklogSeconds: number;
} {
  const orderBacklogLimit = settings.orderBacklogLimit ?? DEFAULT_ORDER_BACKLOG_LIMIT;
  const orderBacklogSeconds =
    orderBacklogLimit === 0 ? 0 : (settings.orderBacklogSeconds ?? DEFAULT_ORDER_BACKLOG_SECONDS);
  return { orderBacklogLimit, orderBacklogSeconds };
}

export interface OrderAdmission {
  /**
   * Throws the 503 problem when the backlog has reached a bound; else counts the order in (until the next
   * reading), so a burst of concurrent requests cannot all slip under the bound.
   */
  admit(): Promise<void>;
}

export function overloaded(
  detail: string,
  extensions: Record<string, unknown> = {},
  retryAfterSeconds = BACKLOG_RETRY_AFTER_SECONDS,
): HttpProblem {
  return new HttpProblem(503, detail, extensions, { 'Retry-After': String(retryAfterSeconds) });
}

/** about when `excess` orders will have been finished at `perSecond` */
function retryAfter(excess: number, perSecond: number | undefined): number {
  if (!perSecond) return BACKLOG_RETRY_AFTER_SECONDS;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(excess / perSecond)));
}

export function orderAdmission(options: {
  /** unfinished orders at which new ones are refused; 0 or undefined: no count bound */
  limit?: number;
  /** seconds of the workers' recent rate the backlog may hold; 0 or undefined: no time bound */
  seconds?: number;
  /** the backlog the time bound always allows (TIME_BOUND_FLOOR unless given) */
  floor?: number;
  countUnfinished: () => Promise<number>;
  now?: () => number;
}): OrderAdmission {
  const limit = options.limit || Number.POSITIVE_INFINITY;
  const seconds = options.seconds || 0;
  const floor = options.floor ?? TIME_BOUND_FLOOR;
  const now = options.now ?? Date.now;
  const rate = completionRate(now);
  let counted = 0;
  let acceptedSince = 0;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  const refresh = () => {
    reading ??= options.countUnfinished().then(
      (n) => {
        if (readAt !== Number.NEGATIVE_INFINITY) rate.finished(counted + acceptedSince - n);
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
      const perSecond = rate.perSecond();
      const timeBound = seconds && perSecond !== undefined ? Math.max(floor, perSecond * seconds) : undefined;
      if (backlog < limit && (timeBound === undefined || backlog < timeBound)) {
        acceptedSince++;
        return;
      }
      if (backlog >= limit) {
        throw overloaded(
          `Order refused for now: ${backlog} orders are unfinished, at the bound of ${limit} (ORDER_BACKLOG_LIMIT); ` +
            'retry once the workers have finished some',
          { unfinishedOrders: backlog, orderBacklogLimit: limit },
          retryAfter(backlog - limit + 1, perSecond),
        );
      }
      const rounded = Math.round(perSecond ?? 0);
      throw overloaded(
        `Order refused for now: ${backlog} orders are unfinished, more than ${seconds} s (ORDER_BACKLOG_SECONDS) ` +
          `of the ${rounded} orders/s the workers finish lately; retry once they have finished some`,
        { unfinishedOrders: backlog, orderBacklogSeconds: seconds, completedOrdersPerSecond: rounded },
        retryAfter(backlog - (timeBound ?? 0) + 1, perSecond),
      );
    },
  };
}
