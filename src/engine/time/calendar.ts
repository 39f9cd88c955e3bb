/**
 * UTC calendar arithmetic on epoch milliseconds. Zeebe adds calendar periods in the broker's default time
 * zone; the embedded engine's zone is UTC, so days are always 24 hours and only months and years vary.
 */
export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch ms of a UTC wall-clock time; unlike Date.UTC it keeps years 0-99 as they are. */
export function utcEpoch(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year);
  return date.getTime();
}

/**
 * `from` plus a calendar period, as java.time's Period does it: months (years folded in) first, clamping
 * the day to the end of a shorter month (Jan 31 + P1M = Feb 28 or 29), then days.
 */
export function addPeriod(from: number, months: number, days: number): number {
  let result = from;
  if (months !== 0) {
    const date = new Date(from);
    const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
    const year = Math.floor(total / 12);
    const month = total - year * 12 + 1;
    const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
    const timeOfDay = from - utcEpoch(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
    result = utcEpoch(year, month, day) + timeOfDay;
  }
  return result + days * MS_PER_DAY;
}
