/**
 * The search half of Camunda's REST v2 (`POST /v2/<resource>/search`), over result objects already in v2
 * shape: `filter` (a plain value means equality; an object uses the advanced operators `$eq`, `$neq`,
 * `$exists`, `$in`, `$notIn`, `$like`, `$gt`, `$gte`, `$lt`, `$lte`), `sort` (`[{ field, order }]`) and `page`
 * (`from`/`limit` or the opaque cursors `after`/`before`), answered as `{ items, page: { totalItems,
 * startCursor, endCursor } }`. Unknown fields are rejected naming the field, so a typo never silently
 * returns everything. A filter is bounded (MAX_FILTER_VALUES, MAX_LIKE_LENGTH) and costs no more than items ×
 * conditions: `$in` looks values up in a set and `$like` never becomes a regular expression.
 */
import type { SearchQueryPageResponse } from '@camunda8/orchestration-cluster-api';
import { compileLike } from './like-pattern';
import { badRequest } from './problem';

type Item = Record<string, unknown>;

export interface SearchSpec<T extends Item> {
  /** filter fields beyond the item's own properties, computed per item */
  computed?: Record<string, (item: T) => unknown>;
  /** properties that may be filtered and sorted on (default: every property of the result type) */
  fields: readonly string[];
  /** extra top-level body properties the endpoint accepts (e.g. truncateValues) */
  options?: readonly string[];
  /** tie-breaker after the requested sort (and the default order without one) */
  defaultOrder?: (a: T, b: T) => number;
  /**
   * filter fields that match on what belongs to an item rather than on the item (an instance's variables or
   * element instances); each gets its condition, a compiler for value conditions and the whole filter
   */
  related?: Record<string, RelatedFilter<T>>;
  /** accepts `$or`: a list of filter groups of which one must match (Camunda 8.8 process instance search) */
  or?: boolean;
}

/** Compiles a value condition (plain value or advanced operators) against the filter's budget. */
export type ConditionCompiler = (condition: unknown, where: string) => (value: unknown) => boolean;
export type RelatedFilter<T> = (
  condition: unknown,
  compile: ConditionCompiler,
  filter: Record<string, unknown>,
) => (item: T) => boolean;

export interface SearchPage<T> {
  items: T[];
  page: SearchQueryPageResponse;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;
/** Values one filter may hold, counting each condition and each `$in`/`$notIn` entry (Camunda has no setting). */
export const MAX_FILTER_VALUES = 1_000;
/** Characters of one `$like` pattern. */
export const MAX_LIKE_LENGTH = 1_000;
const OPERATORS = new Set(['$eq', '$neq', '$exists', '$in', '$notIn', '$like', '$gt', '$gte', '$lt', '$lte']);

export function search<T extends Item>(all: Iterable<T>, body: unknown, spec: SearchSpec<T>): SearchPage<T> {
  const query = asObject(body ?? {}, 'the request body');
  const allowed = new Set(['filter', 'sort', 'page', ...(spec.options ?? [])]);
  for (const key of Object.keys(query)) {
    if (!allowed.has(key))
      throw badRequest(`Unknown property '${key}' in the search request; expected ${[...allowed].join(', ')}`);
  }
  const matches = itemPredicate(query.filter, spec);
  const comparator = compileSort(query.sort, spec);
  const matched = [...all].filter(matches);
  matched.sort(comparator);
  return paginate(matched, query.page);
}

/** The items one search `filter` matches, unsorted and unpaged (for answers that aggregate, e.g. statistics). */
export function filterItems<T extends Item>(all: Iterable<T>, filter: unknown, spec: SearchSpec<T>): T[] {
  return [...all].filter(itemPredicate(filter, spec));
}

/** One filter compiled once into a test of an item (for callers that filter in chunks of their own). */
export function itemPredicate<T extends Item>(filter: unknown, spec: SearchSpec<T>): (item: T) => boolean {
  const predicates = compileFilter(filter, spec);
  return (item) => predicates.every((p) => p(item));
}

function compileFilter<T extends Item>(raw: unknown, spec: SearchSpec<T>): ((item: T) => boolean)[] {
  if (raw === undefined || raw === null) return [];
  const filter = asObject(raw, "'filter'");
  const budget = { left: MAX_FILTER_VALUES };
  return compileFields(filter, spec, budget);
}

/** Every field of a filter (or of one `$or` group), each a predicate all of which must hold. */
function compileFields<T extends Item>(
  filter: Record<string, unknown>,
  spec: SearchSpec<T>,
  budget: { left: number },
  where = 'filter',
): ((item: T) => boolean)[] {
  const fields = new Set(spec.fields);
  const compile: ConditionCompiler = (condition, at) => compileCondition(condition, at, budget);
  return Object.entries(filter).map(([field, condition]) => {
    if (field === '$or' && spec.or) {
      // Camunda 8.8: the top-level fields AND any one of the groups
      if (!Array.isArray(condition) || where !== 'filter')
        throw badRequest(`'${where}.$or' must be an array of filters`);
      const groups = condition.map((group, i) =>
        compileFields(asObject(group, `${where}.$or[${i}]`), spec, budget, `${where}.$or[${i}]`),
      );
      return (item: T) => groups.length === 0 || groups.some((group) => group.every((p) => p(item)));
    }
    const related = spec.related?.[field];
    if (related) return related(condition, compile, filter);
    const computed = spec.computed?.[field];
    if (!computed && !fields.has(field)) {
      const supported = [...fields, ...Object.keys(spec.computed ?? {}), ...Object.keys(spec.related ?? {})];
      throw badRequest(`Unsupported filter field '${where}.${field}'; supported: ${supported.join(', ')}`);
    }
    const read = computed ?? ((item: T) => item[field]);
    const test = compileCondition(condition, `filter.${field}`, budget);
    return (item: T) => test(read(item));
  });
}

/** Takes `count` values from the filter's budget; a 400 naming the limit and the field once it runs out. */
function spend(budget: { left: number }, count: number, where: string) {
  budget.left -= count;
  if (budget.left < 0) {
    throw badRequest(
      `The filter holds more than ${MAX_FILTER_VALUES} values (conditions and list entries), exceeded at '${where}'; split the search`,
    );
  }
}

function compileCondition(condition: unknown, where: string, budget: { left: number }): (value: unknown) => boolean {
  spend(budget, 1, where);
  if (condition === undefined) return () => true;
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    if (Array.isArray(condition))
      throw badRequest(`'${where}' must be a value or an object of operators, not an array`);
    return (value) => same(value, condition);
  }
  const tests = Object.entries(condition as Item).map(([op, operand]): ((value: unknown) => boolean) => {
    if (!OPERATORS.has(op))
      throw badRequest(`Unknown operator '${op}' in '${where}'; expected one of ${[...OPERATORS].join(', ')}`);
    switch (op) {
      case '$eq':
        return (value) => same(value, operand);
      case '$neq':
        return (value) => !same(value, operand);
      case '$exists':
        if (typeof operand !== 'boolean') throw badRequest(`'${where}.$exists' must be a boolean`);
        return (value) => (value !== undefined && value !== null) === operand;
      case '$in':
      case '$notIn': {
        if (!Array.isArray(operand)) throw badRequest(`'${where}.${op}' must be an array`);
        spend(budget, operand.length, `${where}.${op}`);
        const inSet = oneOf(operand);
        return op === '$in' ? inSet : (value) => !inSet(value);
      }
      case '$like': {
        if (typeof operand !== 'string') throw badRequest(`'${where}.$like' must be a string`);
        if (operand.length > MAX_LIKE_LENGTH)
          throw badRequest(`'${where}.$like' must be at most ${MAX_LIKE_LENGTH} characters, but has ${operand.length}`);
        const pattern = compileLike(operand);
        return (value) => typeof value === 'string' && pattern(value);
      }
      default: {
        if (typeof operand !== 'string' && typeof operand !== 'number') {
          throw badRequest(`'${where}.${op}' must be a number or a date-time string`);
        }
        const bound = comparable(operand);
        return (value) => {
          if (value === undefined || value === null) return false;
          const v = comparable(value);
          return op === '$gt' ? v > bound : op === '$gte' ? v >= bound : op === '$lt' ? v < bound : v <= bound;
        };
      }
    }
  });
  return (value) => tests.every((t) => t(value));
}

/** Keys travel as strings but clients send numbers too: compare scalars by their text. */
function same(value: unknown, expected: unknown): boolean {
  if (value === expected) return true;
  if (value === undefined || value === null || expected === null || typeof expected === 'object') return false;
  return String(value) === String(expected);
}

/** `same(value, c)` for any candidate c, as one set lookup instead of a pass over the list. */
function oneOf(candidates: unknown[]): (value: unknown) => boolean {
  const texts = new Set<string>();
  let hasNull = false;
  for (const candidate of candidates) {
    if (candidate === null) hasNull = true;
    else if (typeof candidate !== 'object') texts.add(String(candidate));
  }
  return (value) => (value === null ? hasNull : value !== undefined && texts.has(String(value)));
}

function comparable(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value);
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? Number.NaN : date;
}

function compileSort<T extends Item>(raw: unknown, spec: SearchSpec<T>): (a: T, b: T) => number {
  const fallback = spec.defaultOrder ?? (() => 0);
  if (raw === undefined || raw === null) return fallback;
  if (!Array.isArray(raw)) throw badRequest("'sort' must be an array of { field, order }");
  const fields = new Set(spec.fields);
  // a field once: later entries for it could never decide an order, only make every comparison longer
  const sorted = new Set<string>();
  const keys = raw.map((entry, i) => {
    const sort = asObject(entry, `sort[${i}]`);
    const { field, order = 'ASC' } = sort as { field?: unknown; order?: unknown };
    if (typeof field !== 'string' || !fields.has(field)) {
      throw badRequest(`'sort[${i}].field' must be one of ${[...fields].join(', ')}, but was ${JSON.stringify(field)}`);
    }
    if (sorted.has(field)) throw badRequest(`'sort[${i}].field' sorts on '${field}' a second time`);
    sorted.add(field);
    const direction = typeof order === 'string' ? order.toUpperCase() : order;
    if (direction !== 'ASC' && direction !== 'DESC') throw badRequest(`'sort[${i}].order' must be ASC or DESC`);
    return { field, sign: direction === 'ASC' ? 1 : -1 };
  });
  return (a, b) => {
    for (const { field, sign } of keys) {
      const c = compareValues(a[field], b[field]);
      if (c !== 0) return sign * c;
    }
    return fallback(a, b);
  };
}

/** Absent values sort last (as nulls do in Camunda's ascending order); key strings compare as numbers. */
function compareValues(a: unknown, b: unknown): number {
  const aAbsent = a === undefined || a === null;
  const bAbsent = b === undefined || b === null;
  if (aAbsent || bAbsent) return aAbsent === bAbsent ? 0 : aAbsent ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  if (/^\d+$/.test(sa) && /^\d+$/.test(sb)) return sa.length - sb.length || (sa < sb ? -1 : sa > sb ? 1 : 0);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function paginate<T>(items: T[], raw: unknown): SearchPage<T> {
  const page = raw === undefined || raw === null ? {} : asObject(raw, "'page'");
  for (const key of Object.keys(page)) {
    if (!['from', 'limit', 'after', 'before'].includes(key))
      throw badRequest(`Unknown property 'page.${key}'; expected from, limit, after or before`);
  }
  const limit = page.limit === undefined ? DEFAULT_LIMIT : page.limit;
  if (!Number.isInteger(limit) || (limit as number) < 0 || (limit as number) > MAX_LIMIT) {
    throw badRequest(
      `'page.limit' must be an integer between 0 and ${MAX_LIMIT}, but was ${JSON.stringify(page.limit)}`,
    );
  }
  const n = limit as number;
  let start: number;
  if (page.after !== undefined) {
    if (page.from !== undefined || page.before !== undefined)
      throw badRequest("'page.after' cannot be combined with 'from' or 'before'");
    start = decodeCursor(page.after, 'page.after');
  } else if (page.before !== undefined) {
    if (page.from !== undefined) throw badRequest("'page.before' cannot be combined with 'from'");
    start = Math.max(0, decodeCursor(page.before, 'page.before') - n);
  } else {
    const from = page.from === undefined ? 0 : page.from;
    if (!Number.isInteger(from) || (from as number) < 0)
      throw badRequest(`'page.from' must be a non-negative integer, but was ${JSON.stringify(page.from)}`);
    start = from as number;
  }
  const slice = items.slice(start, start + n);
  return {
    items: slice,
    page: {
      totalItems: items.length,
      hasMoreTotalItems: false,
      ...(slice.length > 0 ? { startCursor: encodeCursor(start), endCursor: encodeCursor(start + slice.length) } : {}),
    } as SearchQueryPageResponse,
  };
}

const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');

function decodeCursor(cursor: unknown, where: string): number {
  if (typeof cursor !== 'string') throw badRequest(`'${where}' must be a cursor string from a previous page`);
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { offset?: unknown };
    if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  } catch {
    // falls through to the error below
  }
  throw badRequest(`'${where}' is not a cursor this server issued`);
}

export function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
