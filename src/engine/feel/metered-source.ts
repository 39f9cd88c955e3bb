/**
 * The expression text as it is run under a budget (feel-budget.ts). feelin gives no hook into its loops, but
 * every function call goes through one place (feelin-hooks.ts), so the loops are made to call functions that
 * return their argument unchanged:
 * - every list a `for`, `some` or `every` iterates and every list a filter such as `l[item > 3]` walks goes
 *   through `__iterated(l)`, whose call charges the list's length: nested loops and nested filters pay for
 *   each pass, before the pass builds anything. Ranges (`1..n`) are charged where they are enumerated instead;
 * - the body of each iteration (a `for`'s `return`, the `satisfies` of `some`/`every`, the first operand of
 *   a filter's test) goes through `__tick(...)`, whose call only checks the time, so that even an iteration
 *   that does uncharged work (a path over a long list, comparing lists) cannot run on past the time limit.
 * Index filters (`l[1]`) cost nothing and are left alone.
 */
import { FeelFunction, type parseExpression } from 'feelin';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

export const ITERATED_FUNCTION = '__iterated';
export const TICK_FUNCTION = '__tick';

/** The identity function the iterated lists go through (feelin-hooks.ts charges its result). */
export const iterated = new FeelFunction((list: unknown) => list, ['list']);
/** The identity function each iteration's body goes through (feelin-hooks.ts checks the time). */
export const tick = new FeelFunction((value: unknown) => value, ['value']);

/** filter contents that feelin treats as a test of each item (its 'test'-typed nodes), not as an index */
const ITEM_TESTS = new Set([
  'Comparison',
  'Disjunction',
  'Conjunction',
  'InstanceOfExpression',
  'QuantifiedExpression',
  'SimplePositiveUnaryTest',
  'Interval',
]);

interface Span {
  from: number;
  to: number;
  fn: string;
}

/** `body` with its iterated lists and iteration bodies wrapped as above; the same text when there are none. */
export function meteredSource(top: SyntaxNode, body: string): string {
  const spans: Span[] = [];
  const wrap = (node: SyntaxNode | undefined, fn: string) => {
    if (node) spans.push({ from: node.from, to: node.to, fn });
  };
  const visit = (node: SyntaxNode) => {
    const kids = children(node);
    if (node.name === 'IterationContext' && !kids.some((k) => k.name === '..')) wrap(node, ITERATED_FUNCTION);
    if (node.name === 'ForExpression' || node.name === 'QuantifiedExpression')
      wrap(kids[kids.length - 1], TICK_FUNCTION);
    if (node.name === 'FilterExpression') {
      const test = itemTest(kids[2]);
      if (test) {
        wrap(kids[0], ITERATED_FUNCTION);
        // its first operand: the test keeps its kind (feelin decides test or index by the node's kind)
        if (test.name !== 'SimplePositiveUnaryTest' && test.name !== 'Interval')
          wrap(test.firstChild ?? undefined, TICK_FUNCTION);
      }
    }
    for (const kid of kids) visit(kid);
  };
  visit(top);
  if (spans.length === 0) return body;
  const inserts = spans.flatMap(({ from, to, fn }) => [
    { at: from, text: `${fn}(`, closes: false, end: to },
    { at: to, text: ')', closes: true, end: to },
  ]);
  // at one position, spans that end there close before those that start there open, the longest first
  inserts.sort((a, b) => a.at - b.at || Number(b.closes) - Number(a.closes) || b.end - a.end);
  let out = '';
  let last = 0;
  for (const { at, text } of inserts) {
    out += body.slice(last, at) + text;
    last = at;
  }
  return out + body.slice(last);
}

/** The filter's content when feelin treats it as a test of each item (looking into parentheses), else undefined. */
function itemTest(node: SyntaxNode | undefined): SyntaxNode | undefined {
  let n = node;
  while (n?.name === 'ParenthesizedExpression') n = children(n).find((k) => k.name !== '(' && k.name !== ')');
  return n !== undefined && ITEM_TESTS.has(n.name) ? n : undefined;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}
