/**
 * dmn-scala's check of a decision's result against its variable's typeRef (its TypeChecker): null and an
 * unknown or missing type pass, the `feel:` prefix is ignored, and a value of another type fails the
 * decision with "expected '<type>' but found '<value>'".
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { valText } from './scala-text';

const CHECKS: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  time: (v) => v instanceof FeelTime,
  date: (v) => v instanceof FeelDate && !(v instanceof FeelDateTime),
  dateTime: (v) => v instanceof FeelDateTime,
  dayTimeDuration: (v) => v instanceof FeelDuration && !v.yearsMonths,
  yearMonthDuration: (v) => v instanceof FeelDuration && v.yearsMonths,
};

/** The failure when `value` is not of `typeRef`; undefined when it is (or the type is not checked). */
export function resultTypeFailure(value: unknown, typeRef: string | undefined): string | undefined {
  if (!typeRef || value === null || value === undefined) return undefined;
  const type = typeRef.replaceAll('feel:', '');
  const check = Object.hasOwn(CHECKS, type) ? CHECKS[type] : undefined;
  if (!check || check(value)) return undefined;
  return `expected '${type}' but found '${valText(value)}'`;
}
