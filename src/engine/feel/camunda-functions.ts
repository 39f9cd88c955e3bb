/**
 * Camunda's FEEL extensions (feel-scala, as Zeebe 8.8 ships it) that feelin lacks or implements
 * differently, given to expressions as context functions. Like Zeebe's built-ins they answer null for
 * arguments of the wrong type; only assert() fails the evaluation. now() and today() read the engine clock.
 */
import { randomUUID } from 'node:crypto';
import { date, FeelDate, FeelDateTime, toFeel } from 'feelin';
import { clockNow } from './feel-clock';
import { toJsonValue } from './feel-values';

/** Thrown by assert() to fail the evaluation with Zeebe's message. */
export class FeelAssertionFailure extends Error {}

type FeelJsFunction = ((...args: never[]) => unknown) & { $args?: string[] };

/** feelin reads parameter names from `$args` (they must survive minification and be FEEL names). */
function feelFunction<F extends FeelJsFunction>(parameterNames: string[], fn: F): F {
  fn.$args = parameterNames;
  return fn;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isContext = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

function utcDate(ms: number): FeelDate {
  return date(new Date(ms).toISOString().slice(0, 10)) as FeelDate;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(toJsonValue(a)) === JSON.stringify(toJsonValue(b));
}

/** java.lang.String#trim: strips characters up to U+0020 (spaces and control characters) at both ends. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

function joinStrings(list: unknown, delimiter: unknown, prefix: unknown, suffix: unknown): string | null {
  if (!Array.isArray(list) || !list.every((item) => item === null || isString(item))) return null;
  const text = (v: unknown) => (isString(v) ? v : '');
  return text(prefix) + list.filter(isString).join(text(delimiter)) + text(suffix);
}

export const CAMUNDA_FUNCTIONS: Record<string, FeelJsFunction> = {
  'is defined': feelFunction(['value'], (value: unknown) => value !== null && value !== undefined),
  'get or else': feelFunction(['value', 'default'], (value: unknown, fallback: unknown) => value ?? fallback ?? null),
  assert: feelFunction(['value', 'condition', 'cause'], (value: unknown, condition: unknown, cause: unknown) => {
    if (condition === true) return value;
    throw new FeelAssertionFailure(isString(cause) ? cause : 'The condition is not fulfilled');
  }),
  now: feelFunction([], () => toFeel(new Date(clockNow()))),
  today: feelFunction([], () => utcDate(clockNow())),
  uuid: feelFunction([], () => randomUUID()),
  'to json': feelFunction(['value'], (value: unknown) => JSON.stringify(toJsonValue(value))),
  'from json': feelFunction(['json'], (json: unknown) => {
    if (!isString(json)) return null;
    try {
      return JSON.parse(json);
    } catch {
      return null;
    }
  }),
  trim: feelFunction(['string'], (s: unknown) => (isString(s) ? javaTrim(s) : null)),
  'is blank': feelFunction(['string'], (s: unknown) => (isString(s) ? /^\s*$/.test(s) : null)),
  extract: feelFunction(['input', 'pattern'], (input: unknown, pattern: unknown) => {
    if (!isString(input) || !isString(pattern)) return null;
    try {
      return input.match(new RegExp(pattern, 'gu')) ?? [];
    } catch {
      return null;
    }
  }),
  'to base64': feelFunction(['value'], (value: unknown) =>
    isString(value) ? Buffer.from(value, 'utf8').toString('base64') : null,
  ),
  'from base64': feelFunction(['value'], (value: unknown) =>
    isString(value) && /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : null,
  ),
  'string join': feelFunction(['list', 'delimiter', 'prefix', 'suffix'], joinStrings),
  // feelin compares contexts by reference; FEEL (and Zeebe) compare them by value
  'list contains': feelFunction(['list', 'element'], (list: unknown, element: unknown) =>
    Array.isArray(list) ? list.some((item) => sameValue(item, element)) : null,
  ),
  'is empty': feelFunction(['list'], (list: unknown) => (Array.isArray(list) ? list.length === 0 : null)),
  partition: feelFunction(['list', 'size'], (list: unknown, size: unknown) => {
    if (!Array.isArray(list) || typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return null;
    const parts: unknown[][] = [];
    for (let i = 0; i < list.length; i += size) parts.push(list.slice(i, i + size));
    return parts;
  }),
  // one pass, by each value's JSON (sameValue's test): comparing every pair made a list of 10,000 contexts
  // hold the engine for minutes, and one call is not stopped by the FEEL budget (feel-budget.ts)
  'duplicate values': feelFunction(['list'], (list: unknown) => {
    if (!Array.isArray(list)) return null;
    const seen = new Map<string | undefined, { first: unknown; count: number }>();
    for (const item of list) {
      const key = JSON.stringify(toJsonValue(item));
      const entry = seen.get(key);
      if (entry) entry.count++;
      else seen.set(key, { first: item, count: 1 });
    }
    return [...seen.values()].filter((e) => e.count > 1).map((e) => e.first);
  }),
  'random number': feelFunction([], () => Math.random()),
  'last day of month': feelFunction(['date'], (value: unknown) => {
    if (!(value instanceof FeelDate) && !(value instanceof FeelDateTime)) return null;
    const lastDay = new Date(Date.UTC(value.year, value.month, 0));
    return utcDate(lastDay.getTime());
  }),
  'get value': feelFunction(['context', 'key'], (context: unknown, key: unknown) => {
    const keys = Array.isArray(key) ? key : [key];
    if (keys.length === 0 || !keys.every(isString)) return null;
    let current: unknown = context;
    for (const k of keys) {
      if (!isContext(current) || !Object.hasOwn(current, k)) return null;
      current = current[k];
    }
    return current ?? null;
  }),
  put: feelFunction(['context', 'key', 'value'], (context: unknown, key: unknown, value: unknown) =>
    isContext(context) && isString(key) ? { ...context, [key]: value } : null,
  ),
  'put all': feelFunction(['...contexts'], (...contexts: unknown[]) => {
    const list = contexts.length === 1 && Array.isArray(contexts[0]) ? contexts[0] : contexts;
    return list.every(isContext) ? Object.assign({}, ...list) : null;
  }),
};
