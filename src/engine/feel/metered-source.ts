/**
 * The expression text as it is run under a budget (feel-budget.ts): every list a `for`, `some` or `every`
 * iterates and every list a filter such as `l[item > 3]` walks is passed through a function call first,
 * `__iterated(l)`, which returns the list itself. feelin gives no hook into its loops, but every function
 * call goes through one place (feelin-hooks.ts) that charges the list's length; so nested loops and nested
 * filters pay for each pass, before the pass builds anything. Ranges (`1..n`) are charged where they are
 * enumerated instead. Index filters (`l[1]`) cost nothing and are left alone.
 */
import type { parseExpression } from 'feelin';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

export const ITERATED_FUNCTION = '__iterated';

/** The identity function the wrapped lists go through (feelin-hooks.ts charges its result). */
export const iterated = Object.assign((list: unknown) => list, { $args: ['list'] });

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

/** `body` with the lists it iterates wrapped in `__iterated(...)`; the same text when there are none. */
export function meteredSource(top: SyntaxNode, body: string): string {
  const spans: { from: number; to: number }[] = [];
  const visit = (node: SyntaxNode) => {
    const kids = children(node);
    if (node.name === 'IterationContext' && !kids.some((k) => k.name === '..')) {
      spans.push({ from: node.from, to: node.to });
    } else if (node.name === 'FilterExpression' && isItemTest(kids[2])) {
      spans.push({ from: kids[0].from, to: kids[0].to });
    }
    for (const kid of kids) visit(kid);
  };
  visit(top);
  if (spans.length === 0) return body;
  const inserts = spans.flatMap(({ from, to }) => [
    { at: from, text: `${ITERATED_FUNCTION}(`, closes: false },
    { at: to, text: ')', closes: true },
  ]);
  // at one position, a span that ends there closes before one that starts there opens
  inserts.sort((a, b) => a.at - b.at || Number(b.closes) - Number(a.closes));
  let out = '';
  let last = 0;
  for (const { at, text } of inserts) {
    out += body.slice(last, at) + text;
    last = at;
  }
  return out + body.slice(last);
}

function isItemTest(node: SyntaxNode | undefined): boolean {
  let n = node;
  while (n?.name === 'ParenthesizedExpression') n = children(n).find((k) => k.name !== '(' && k.name !== ')');
  return n !== undefined && ITEM_TESTS.has(n.name);
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}
