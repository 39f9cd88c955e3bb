/**
 * Turns FEEL results into what the engine stores: plain JSON variables written the way Zeebe writes them
 * (dates, times and durations as ISO 8601 strings, functions and ranges as null), and exact ISO 8601 text
 * for timer values.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelFunction, FeelRange, FeelTime } from 'feelin';

/** A FEEL date, time, date-time or duration as exact ISO 8601 text (local date-times are UTC); else undefined. */
export function toIsoString(value: unknown): string | undefined {
  if (value instanceof FeelDateTime) return dateTimeText(value, true);
  if (value instanceof FeelDuration) return value.toString();
  if (value instanceof FeelDate || value instanceof FeelTime) return value.toString();
  return undefined;
}

/**
 * Any FEEL result as plain JSON, as Zeebe writes it into a variable: a zoned date-time with its offset
 * (`2026-01-01T10:00:00+01:00`), a local one without, a duration normalised to days/hours/minutes/seconds
 * or years/months. Returns the same object when nothing needed converting.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      return objectToJson(value as object);
    default:
      return null;
  }
}

function objectToJson(value: object): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const converted = toJsonValue(value[i]);
      if (converted !== value[i] && !copy) copy = value.slice(0, i);
      if (copy) copy.push(converted);
    }
    return copy ?? value;
  }
  if (value instanceof FeelDateTime) return dateTimeText(value, false);
  if (value instanceof FeelDate) return value.toString();
  if (value instanceof FeelTime) return timeText(value);
  if (value instanceof FeelDuration) return durationText(value);
  if (value instanceof FeelRange || value instanceof FeelFunction) return null;
  if (value instanceof Date) return value.toISOString();
  let copy: Record<string, unknown> | undefined;
  const entries = Object.entries(value);
  for (let i = 0; i < entries.length; i++) {
    const [key, entry] = entries[i];
    const converted = toJsonValue(entry);
    if (converted !== entry && !copy) copy = Object.fromEntries(entries.slice(0, i));
    if (copy) copy[key] = converted;
  }
  return copy ?? value;
}

/** ISO 8601 with offset (Z for UTC); `withZoneId` appends a region zone as `[Europe/Berlin]`. */
function dateTimeText(value: FeelDateTime, withZoneId: boolean): string {
  const local = value.unwrap();
  if (value.zone === null) return withZoneId ? `${local.toString()}Z` : local.toString();
  const offset = local.toZonedDateTime(value.zone).offset;
  const text = `${local.toString()}${offset === '+00:00' ? 'Z' : offset}`;
  return withZoneId && /^[A-Za-z]/.test(value.zone) && value.zone !== 'UTC' ? `${text}[${value.zone}]` : text;
}

/** Zoned times keep FEEL's form; local times read like java.time.LocalTime#toString (10:30, 10:30:15.5). */
function timeText(value: FeelTime): string {
  if (value.zone !== null) return value.toString();
  const t = value.unwrap();
  const pad = (n: number) => String(n).padStart(2, '0');
  let text = `${pad(t.hour)}:${pad(t.minute)}`;
  const nanos = t.millisecond * 1e6 + t.microsecond * 1e3 + t.nanosecond;
  if (t.second || nanos) text += `:${pad(t.second)}`;
  if (nanos) {
    const digits = String(nanos).padStart(9, '0');
    text += `.${nanos % 1e6 === 0 ? digits.slice(0, 3) : nanos % 1e3 === 0 ? digits.slice(0, 6) : digits}`;
  }
  return text;
}

/** Zeebe's (feel-scala's) duration text: P1Y2M / P0Y, or P1DT2H3M4S / P0D with whole seconds. */
function durationText(value: FeelDuration): string {
  const d = value.unwrap();
  if (value.yearsMonths) {
    const total = d.years * 12 + d.months;
    if (total === 0) return 'P0Y';
    const abs = Math.abs(total);
    const years = Math.trunc(abs / 12);
    const months = abs % 12;
    return `${total < 0 ? '-' : ''}P${years ? `${years}Y` : ''}${months ? `${months}M` : ''}`;
  }
  const totalMs =
    ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000 +
    d.milliseconds +
    d.microseconds / 1e3 +
    d.nanoseconds / 1e6;
  const seconds = Math.floor(totalMs / 1000);
  const parts = [
    Math.trunc(seconds / 86_400),
    Math.trunc(seconds / 3_600) % 24,
    Math.trunc(seconds / 60) % 60,
    seconds % 60,
  ];
  if (parts.every((p) => p === 0)) return 'P0D';
  const negative = parts.every((p) => p <= 0);
  const [days, hours, minutes, secs] = negative ? parts.map((p) => -p) : parts;
  const unit = (n: number, letter: string) => (n ? `${n}${letter}` : '');
  const time = unit(hours, 'H') + unit(minutes, 'M') + unit(secs, 'S');
  return `${negative ? '-' : ''}P${unit(days, 'D')}${time ? `T${time}` : ''}`;
}
