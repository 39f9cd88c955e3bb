/**
 * Expected values in assertions: deep equality, where jest's asymmetric matchers (expect.any(String),
 * expect.objectContaining(...)) stand for a value, and how values are shown in failure messages.
 */
import { isDeepStrictEqual } from 'node:util';

const SHOWN_CHARS = 200;

/** A value for a failure message: asymmetric matchers by name, long values cut. */
export function show(value: unknown): string {
  const matcher = value as { asymmetricMatch?: unknown; toAsymmetricMatcher?: () => string } | null;
  if (matcher && typeof matcher.asymmetricMatch === 'function') {
    return matcher.toAsymmetricMatcher?.() ?? String(matcher);
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}… (${text.length} characters)` : text;
}

export function matches(actual: unknown, expected: unknown): boolean {
  const matcher = expected as { asymmetricMatch?: (value: unknown) => boolean } | null;
  if (matcher && typeof matcher.asymmetricMatch === 'function') return matcher.asymmetricMatch(actual);
  return isDeepStrictEqual(actual, expected);
}

/** Which of the expected variables differ, each as `name = actual` or `name is not set`. */
export function wrongVariables(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  return Object.entries(expected)
    .filter(([name, value]) => !matches(actual[name], value))
    .map(([name]) => (name in actual ? `${name} = ${show(actual[name])}` : `${name} is not set`));
}

export function showVariables(expected: Record<string, unknown>): string {
  return `{ ${Object.entries(expected)
    .map(([name, value]) => `${name}: ${show(value)}`)
    .join(', ')} }`;
}
