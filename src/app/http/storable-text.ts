/**
 * Text the database can store: PostgreSQL text and jsonb cannot hold U+0000, and a string that is not valid
 * Unicode (an unpaired UTF-16 surrogate, which JSON's "\ud800" escape can carry) is written as something else
 * than was sent, so a stored id would no longer match the one asked for. Both are refused as bad input.
 */
import type { FieldError } from './problem';
import { fieldPath, type InputLocation } from './validation';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL (U+0000)';
  if (UNPAIRED_SURROGATE.test(value)) return 'is not valid Unicode (it has an unpaired UTF-16 surrogate)';
  return undefined;
}

/** One error per string value in the input (at any depth) that cannot be stored as sent. */
export function unstorableTextErrors(input: unknown, location: InputLocation): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') {
      const message = textProblem(value);
      if (message) errors.push({ field: fieldPath(path, location), message });
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], [...path, i]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(input, []);
  return errors;
}
