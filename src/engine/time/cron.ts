/**
 * Cron cycles as Zeebe reads them (cron-utils with the Spring 5.3 definition): six fields
 * `second minute hour day-of-month month day-of-week`, with `*`, `?`, lists, ranges, steps, month and day
 * names, `L`, `L-n`, `nW`, `LW` (day of month), `dL`, `d#n` (day of week), 0 or 7 for Sunday, and the
 * macros @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly. Day of month and day of week
 * must both match. Times are UTC (Zeebe uses the broker's default zone).
 */
import { daysInMonth, MS_PER_SECOND, utcEpoch } from './calendar';
import { TimerValueError } from './timer-value-error';

type DayRule = (year: number, month: number, day: number) => boolean;

export interface CronSchedule {
  readonly text: string;
  /** The first matching second strictly after `from` (epoch ms), or undefined if none ever matches. */
  next(from: number): number | undefined;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** A 400-year Gregorian cycle repeats every weekday/date combination: no match within it means never. */
const SEARCH_YEARS = 400;

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesFrom?: number;
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 };
const DAY_OF_WEEK: FieldSpec = { name: 'day of week', min: 0, max: 7, names: WEEKDAYS, namesFrom: 0 };

export function parseCron(text: string): CronSchedule {
  const trimmed = text.trim();
  const expanded = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const fields = expanded.split(/\s+/);
  const fail = (why: string) => new TimerValueError(`Invalid cron expression '${text}': ${why}`);
  if (fields.length !== 6) {
    throw fail(`expected 6 fields (second minute hour day-of-month month day-of-week), found ${fields.length}`);
  }
  const [secondText, minuteText, hourText, domText, monthText, dowText] = fields;
  const seconds = parseField(secondText, SECOND, fail);
  const minutes = parseField(minuteText, MINUTE, fail);
  const hours = parseField(hourText, HOUR, fail);
  const months = parseField(monthText, MONTH, fail);
  const dayOfMonth = parseDayOfMonth(domText, fail);
  const dayOfWeek = parseDayOfWeek(dowText, fail);
  const dayMatches: DayRule = (y, m, d) => dayOfMonth(y, m, d) && dayOfWeek(y, m, d);

  return {
    text: trimmed,
    next(from) {
      const start = new Date((Math.floor(from / MS_PER_SECOND) + 1) * MS_PER_SECOND);
      let [year, month, day] = [start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate()];
      let time = { hour: start.getUTCHours(), minute: start.getUTCMinutes(), second: start.getUTCSeconds() };
      const lastYear = year + SEARCH_YEARS;
      while (year <= lastYear) {
        if (months[month] && day <= daysInMonth(year, month) && dayMatches(year, month, day)) {
          const found = firstTimeAtOrAfter(time, hours, minutes, seconds);
          if (found) return utcEpoch(year, month, day, found.hour, found.minute, found.second);
        }
        // next day at midnight
        time = { hour: 0, minute: 0, second: 0 };
        day += 1;
        if (!months[month] || day > daysInMonth(year, month)) {
          day = 1;
          month += 1;
          if (month > 12) {
            month = 1;
            year += 1;
          }
        }
      }
      return undefined;
    },
  };
}

function firstTimeAtOrAfter(
  from: { hour: number; minute: number; second: number },
  hours: boolean[],
  minutes: boolean[],
  seconds: boolean[],
) {
  for (let hour = from.hour; hour < 24; hour++) {
    if (!hours[hour]) continue;
    const minuteStart = hour === from.hour ? from.minute : 0;
    for (let minute = minuteStart; minute < 60; minute++) {
      if (!minutes[minute]) continue;
      const secondStart = hour === from.hour && minute === from.minute ? from.second : 0;
      for (let second = secondStart; second < 60; second++) {
        if (seconds[second]) return { hour, minute, second };
      }
    }
  }
  return undefined;
}

/** A field of plain values (`*`, `?`, `a`, `a-b`, `*\/n`, `a/n`, `a-b/n`, lists) as a membership table. */
function parseField(text: string, spec: FieldSpec, fail: (why: string) => Error, allowQuestion = false): boolean[] {
  const table: boolean[] = [];
  for (const part of text.split(',')) {
    const match = /^(\*|\?|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match || (match[1] === '?' && !allowQuestion)) throw fail(`invalid ${spec.name} '${part}'`);
    const [, range, stepText] = match;
    let low = spec.min;
    let high = spec.max;
    if (range !== '*' && range !== '?') {
      const [a, b] = range.split('-');
      low = fieldValue(a, spec, fail);
      high = b === undefined ? (stepText ? spec.max : low) : fieldValue(b, spec, fail);
      if (low > high) throw fail(`${spec.name} range '${range}' runs backwards`);
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) throw fail(`${spec.name} step '${stepText}' must be at least 1`);
    for (let v = low; v <= high; v += step) table[v] = true;
  }
  return table;
}

function fieldValue(text: string, spec: FieldSpec, fail: (why: string) => Error): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = named >= 0 ? named + (spec.namesFrom ?? 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= spec.min && value <= spec.max)) {
    throw fail(`${spec.name} '${text}' is outside ${spec.min}-${spec.max}`);
  }
  return value;
}

const weekday = (y: number, m: number, d: number) => new Date(utcEpoch(y, m, d)).getUTCDay();

function parseDayOfMonth(text: string, fail: (why: string) => Error): DayRule {
  const upper = text.toUpperCase();
  if (upper === 'L') return (y, m, d) => d === daysInMonth(y, m);
  const lastMinus = /^L-(\d+)$/.exec(upper);
  if (lastMinus) {
    const offset = Number(lastMinus[1]);
    if (offset > 30) throw fail(`day of month '${text}' reaches before the month starts`);
    return (y, m, d) => d === daysInMonth(y, m) - offset;
  }
  if (upper === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysInMonth(y, m));
  const weekdayOf = /^(\d+)W$/.exec(upper);
  if (weekdayOf) {
    const target = fieldValue(weekdayOf[1], DAY_OF_MONTH, fail);
    return (y, m, d) => target <= daysInMonth(y, m) && d === nearestWeekday(y, m, target);
  }
  const table = parseField(text, DAY_OF_MONTH, fail, true);
  return (_y, _m, d) => table[d] === true;
}

/** The weekday (Mon-Fri) nearest to `day` without leaving the month, as Quartz's `W` defines it. */
function nearestWeekday(y: number, m: number, day: number): number {
  const dow = weekday(y, m, day);
  if (dow === 6) return day === 1 ? day + 2 : day - 1;
  if (dow === 0) return day === daysInMonth(y, m) ? day - 2 : day + 1;
  return day;
}

function parseDayOfWeek(text: string, fail: (why: string) => Error): DayRule {
  const nth = /^([A-Za-z]+|\d)#([1-5])$/.exec(text);
  if (nth) {
    const target = fieldValue(nth[1], DAY_OF_WEEK, fail) % 7;
    const ordinal = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === target && Math.ceil(d / 7) === ordinal;
  }
  const last = /^([A-Za-z]+|\d)L$/.exec(text);
  if (last && text.toUpperCase() !== 'L') {
    const target = fieldValue(last[1], DAY_OF_WEEK, fail) % 7;
    return (y, m, d) => weekday(y, m, d) === target && d + 7 > daysInMonth(y, m);
  }
  const table = parseField(text, DAY_OF_WEEK, fail, true);
  if (table[7]) table[0] = true;
  return (y, m, d) => table[weekday(y, m, d)] === true;
}
