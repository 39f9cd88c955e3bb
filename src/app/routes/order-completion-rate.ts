/**
 * The rate at which orders were finished lately, for admission control (order-admission.ts): the
 * completions each reading of the backlog found, summed over the last WINDOW_MS.
 */

/** long enough to smooth the workers' batches, short enough to follow a change of load */
const WINDOW_MS = 5_000;
/** below this much history a rate says little (the first readings of a burst on an idle app) */
const MIN_SPAN_MS = 1_000;

export interface CompletionRate {
  /** `n` orders were finished since the previous reading (negative: others' orders came in; counted as 0) */
  finished(n: number): void;
  /** orders finished per second over the window; undefined while there is less than MIN_SPAN_MS of history */
  perSecond(): number | undefined;
}

export function completionRate(now: () => number): CompletionRate {
  // one entry per reading: when, and how many orders had been finished in all by then
  const readings: { at: number; total: number }[] = [];
  let total = 0;
  return {
    finished(n) {
      total += Math.max(0, n);
      const at = now();
      // after a quiet spell (no request, no reading) the rate starts again from this reading
      if (readings.length > 0 && at - readings[readings.length - 1].at > WINDOW_MS) readings.length = 0;
      readings.push({ at, total });
      // keep one reading at or before the window's start, so the span covers the whole window
      while (readings.length > 2 && readings[1].at <= at - WINDOW_MS) readings.shift();
    },
    perSecond() {
      const first = readings[0];
      const last = readings[readings.length - 1];
      if (!first || now() - last.at > WINDOW_MS) return undefined;
      const span = last.at - first.at;
      return span < MIN_SPAN_MS ? undefined : ((last.total - first.total) * 1000) / span;
    },
  };
}
