/**
 * FEEL values written the way dmn-scala's failure messages show them: Scala's toString of feel-scala's
 * values (`ValString(gold)`, `ValNumber(0.1)`, `ValNull`) and of its collections
 * (`List(Map(discount -> ValNumber(0.1)))`), so that a failure reads here as on a cluster.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { toJsonValue } from '../feel';

/** One FEEL value as feel-scala's Val prints. */
export function valText(value: unknown): string {
  if (value === null || value === undefined) return 'ValNull';
  if (typeof value === 'string') return `ValString(${value})`;
  if (typeof value === 'number') return `ValNumber(${value})`;
  if (typeof value === 'boolean') return `ValBoolean(${value})`;
  if (Array.isArray(value)) return `ValList(List(${value.map(valText).join(', ')}))`;
  if (value instanceof FeelDateTime) {
    return `${value.zone === null ? 'ValLocalDateTime' : 'ValDateTime'}(${toJsonValue(value)})`;
  }
  if (value instanceof FeelDate) return `ValDate(${toJsonValue(value)})`;
  if (value instanceof FeelTime) return `${value.zone === null ? 'ValLocalTime' : 'ValTime'}(${toJsonValue(value)})`;
  if (value instanceof FeelDuration) {
    return `${value.yearsMonths ? 'ValYearMonthDuration' : 'ValDayTimeDuration'}(${toJsonValue(value)})`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return `ValContext(StaticContext(${mapText(value as Record<string, unknown>)},Map()))`;
  }
  return `ValError(${String(value)})`;
}

/** A Scala Map of names to values: `Map(a -> ValNumber(1), b -> ValString(x))`; the unnamed output's key is null. */
export function mapText(entries: Record<string, unknown>): string {
  return `Map(${Object.entries(entries)
    .map(([key, value]) => `${key === '' ? 'null' : key} -> ${valText(value)}`)
    .join(', ')})`;
}

/** A Scala List of such maps (a decision table's matched rules' outputs). */
export function listOfMapsText(rows: readonly Record<string, unknown>[]): string {
  return `List(${rows.map(mapText).join(', ')})`;
}
