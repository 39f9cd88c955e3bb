/**
 * Camunda's `$like`: `*` matches any run of characters (also none), `?` exactly one, `\` makes the next
 * character literal. Matched without a regular expression: a pattern such as `*a*a*a*a*a*a*a*a*b` makes a
 * backtracking regex engine try every way to split the value, which one search request could use to stall
 * the process. The greedy matcher below remembers only the last `*` to fall back to, so a match costs at
 * most pattern length × value length steps.
 */

type Token = { kind: 'any' } | { kind: 'one' } | { kind: 'literal'; char: string };

export type LikeMatcher = (value: string) => boolean;

export function compileLike(pattern: string): LikeMatcher {
  const tokens = tokenize(pattern);
  return (value) => matches(tokens, Array.from(value));
}

function tokenize(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    // a trailing backslash escapes nothing and stands for itself
    if (c === '\\' && i + 1 < chars.length) tokens.push({ kind: 'literal', char: chars[++i] });
    else if (c === '*') {
      // runs of `*` mean the same as one
      if (tokens.at(-1)?.kind !== 'any') tokens.push({ kind: 'any' });
    } else if (c === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'literal', char: c });
  }
  return tokens;
}

/** Whole-value match, by characters (code points), with one backtrack point: the last `*` seen. */
function matches(tokens: Token[], value: string[]): boolean {
  let t = 0;
  let v = 0;
  let starToken = -1;
  let starValue = 0;
  while (v < value.length) {
    const token = tokens[t];
    if (token !== undefined && (token.kind === 'one' || (token.kind === 'literal' && token.char === value[v]))) {
      t++;
      v++;
    } else if (token?.kind === 'any') {
      starToken = t++;
      starValue = v;
    } else if (starToken >= 0) {
      // let the last `*` take one more character and retry what follows it
      t = starToken + 1;
      v = ++starValue;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === 'any') t++;
  return t === tokens.length;
}
