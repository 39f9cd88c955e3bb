/**
 * Turns zod validation failures into the API's field errors: one `{ field, message }` per bad field, with
 * paths written as a reader would (`items[0].quantity`), unknown fields named one by one, and missing ones
 * reported as "is required". Input values are never echoed back.
 */
import type { z } from 'zod';
import { badRequest, type FieldError } from './problem';
import { unstorableTextErrors } from './storable-text';

export type InputLocation = 'body' | 'query' | 'path';

type Issue = z.core.$ZodIssue;

export function fieldPath(path: readonly PropertyKey[], location: InputLocation): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? `(${location})` : out;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

function issueErrors(issue: Issue, location: InputLocation): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: fieldPath([...issue.path, key], location),
      message: 'is not a known field',
    }));
  }
  const field = fieldPath(issue.path, location);
  if (issue.code === 'invalid_type') {
    const input = (issue as { input?: unknown }).input;
    if (input === undefined) {
      return [{ field, message: issue.path.length === 0 ? 'a request body is required' : 'is required' }];
    }
    return [{ field, message: `must be ${article(issue.expected)} (got ${describeType(input)})` }];
  }
  return [{ field, message: issue.message }];
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

export function toFieldErrors(error: z.ZodError, location: InputLocation): FieldError[] {
  return error.issues.flatMap((issue) => issueErrors(issue, location));
}

/**
 * Parses input with a schema or throws a 400 problem naming each bad field: those the schema refuses, and
 * text the database could not store as sent (storable-text.ts).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, location: InputLocation): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  const textErrors = unstorableTextErrors(input, location);
  if (result.success && textErrors.length === 0) return result.data;
  const badText = new Set(textErrors.map((e) => e.field));
  const schemaErrors = result.success ? [] : toFieldErrors(result.error, location);
  const errors = [...textErrors, ...schemaErrors.filter((e) => !badText.has(e.field))];
  const where = location === 'body' ? 'request body' : location === 'query' ? 'query string' : 'path';
  throw badRequest(`The ${where} is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors);
}
