/**
 * Comparing values of different FEEL types gives null, as in feel-scala: `"old" >= 25`, `"a" in [1..10]`,
 * `[1] < 5` and the unary test `>= 25` on a string are neither true nor false. feelin turns every ordering comparison
 * (`<`, `<=`, `>`, `>=`, `between`, ranges, unary tests) into FeelRange#includes and compares the bounds
 * as JS does, where a string and a number are "equal" for `>=` and `<=`; so the method refuses a value whose
 * type is not the range's before feelin compares. Dates, times and date-times feelin already keeps apart.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelRange, FeelTime } from 'feelin';

let installed = false;

export function installTypedRanges() {
  if (installed) return;
  installed = true;
  const includes = FeelRange.prototype.includes;
  FeelRange.prototype.includes = function typedIncludes(this: FeelRange, value: unknown) {
    const rangeType = (this as FeelRange & { valueType?: string | null }).valueType;
    const type = feelType(value);
    if (rangeType && type && type !== rangeType) return null;
    return includes.call(this, value);
  } as FeelRange['includes'];
}

/** The FEEL type of a value, as feelin names a range's element type; undefined for ranges and functions. */
function feelType(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
  }
  if (value instanceof FeelDateTime) return 'date time';
  if (value instanceof FeelDate) return 'date';
  if (value instanceof FeelTime) return 'time';
  if (value instanceof FeelDuration) return 'duration';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
    return 'context';
  return undefined;
}
