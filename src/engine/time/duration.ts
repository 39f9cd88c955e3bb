/**
 * ISO 8601 durations as Zeebe reads timer durations and cycle intervals (java.time Period + Duration):
 * `PnYnMnWnDTnHnMn.nS`, letters in either case. Years and months are calendar units added from the moment
 * the timer is armed; everything else is exact. Negative durations are rejected.
 */
import { addPeriod, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from './calendar';
import { TimerValueError } from './timer-value-error';

export interface TimerDuration {
  /** The text it was read from. */
  readonly text: string;
  /** Milliseconds from `from` (epoch ms) until the duration has elapsed. */
  ms(from: number): number;
}

const DURATION =
  /^\+?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,9}))?S)?)?$/i;

export function parseDuration(text: string): TimerDuration {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  if (!match || !/\d/.test(trimmed) || /T$/i.test(trimmed)) {
    if (/^-|\dT?-|P-|T-/i.test(trimmed)) {
      throw new TimerValueError(`Invalid duration '${text}': negative durations are not supported`);
    }
    throw new TimerValueError(`Invalid duration '${text}': expected an ISO 8601 duration such as PT15M, P1D or P1M`);
  }
  const [, y, mo, w, d, h, mi, s, fraction] = match;
  const num = (part: string | undefined) => {
    const value = part === undefined ? 0 : Number(part);
    if (!Number.isSafeInteger(value)) throw new TimerValueError(`Invalid duration '${text}': '${part}' is too large`);
    return value;
  };
  const months = num(y) * 12 + num(mo);
  const days = num(w) * 7 + num(d);
  const fractionMs = fraction ? Math.trunc(Number(`0.${fraction}`) * MS_PER_SECOND) : 0;
  const exactMs = num(h) * MS_PER_HOUR + num(mi) * MS_PER_MINUTE + num(s) * MS_PER_SECOND + fractionMs;
  if (months === 0) {
    const total = days * MS_PER_DAY + exactMs;
    return { text: trimmed, ms: () => total };
  }
  return { text: trimmed, ms: (from) => addPeriod(from, months, days) + exactMs - from };
}
