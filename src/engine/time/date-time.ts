/**
 * ISO 8601 date-times as Zeebe reads timer dates (java.time ZonedDateTime.parse): a local date-time with
 * seconds and fraction optional, a mandatory offset (`Z`, `+01:00`, `+01:00:30`) and an optional zone id
 * in brackets (`2026-01-01T10:00:00+01:00[Europe/Berlin]`). The instant is the local time minus the offset.
 */
import { daysInMonth, MS_PER_SECOND, utcEpoch } from './calendar';
import { TimerValueError } from './timer-value-error';

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?(?:\[([^\]]+)\])?$/i;

const validZones = new Map<string, boolean>();

function isValidZone(zone: string): boolean {
  let valid = validZones.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    validZones.set(zone, valid);
  }
  return valid;
}

/** Epoch ms of an ISO 8601 date-time with offset; throws TimerValueError naming the text otherwise. */
export function parseDateTime(text: string): number {
  const trimmed = text.trim();
  const match = DATE_TIME.exec(trimmed);
  const invalid = (why: string) =>
    new TimerValueError(
      `Invalid date-time '${text}': ${why} (expected e.g. 2026-01-01T10:00:00Z or 2026-01-01T10:00:00+01:00[Europe/Berlin])`,
    );
  if (!match) throw invalid('not an ISO 8601 date-time');
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om, os, zone] = match;
  if (!zulu && !sign) throw invalid('the offset is missing');
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s ?? '0'].map(Number);
  if (month < 1 || month > 12) throw invalid(`month ${mo} does not exist`);
  if (day < 1 || day > daysInMonth(year, month)) throw invalid(`day ${d} does not exist in ${y}-${mo}`);
  if (hour > 23 || minute > 59 || second > 59) throw invalid(`time ${h}:${mi}:${s ?? '00'} does not exist`);
  let offsetSeconds = 0;
  if (sign) {
    const [offH, offM, offS] = [oh, om, os ?? '0'].map(Number);
    if (offH > 18 || offM > 59 || offS > 59) throw invalid(`offset ${sign}${oh}:${om} does not exist`);
    offsetSeconds = (sign === '-' ? -1 : 1) * (offH * 3600 + offM * 60 + offS);
  }
  if (zone !== undefined && !isValidZone(zone)) throw invalid(`unknown time zone '${zone}'`);
  const ms = fraction ? Math.trunc(Number(`0.${fraction}`) * MS_PER_SECOND) : 0;
  return utcEpoch(year, month, day, hour, minute, second, ms) - offsetSeconds * MS_PER_SECOND;
}
