/**
 * The unary tests most decision tables are made of, against a literal: `"gold"`, `5`, `> 5`, `<= 10`,
 * `[1..10]`, `(0..100]`. Their result needs no FEEL evaluation at all: the literal's value is taken once from
 * the engine's FEEL layer and the input compared in JS, exactly as FEEL compares (a number only with a
 * number, a string only equals a string; null or another type never matches). Anything else (variables,
 * dates, negative numbers, `!=`) stays a compiled expression (unary-test-pieces.ts).
 */
import type { parseUnaryTests } from 'feelin';
import { compileExpression } from '../feel';

type SyntaxNode = ReturnType<typeof parseUnaryTests>['topNode'];

/** Whether the input passes; false also stands for FEEL's null (not a match). */
export type LiteralTest = (input: unknown) => boolean;

/** A test of `node` (a positive unary test's content) against literals; undefined when it is another form. */
export function literalTest(node: SyntaxNode, text: string): LiteralTest | undefined {
  if (node.name === 'StringLiteral' || node.name === 'NumericLiteral') {
    const literal = literalValue(node, text);
    return (input) => input === literal;
  }
  if (node.name !== 'SimplePositiveUnaryTest') return undefined;
  const [first, second] = children(node);
  if (first?.name === 'CompareOp' && second?.name === 'NumericLiteral' && !second.nextSibling) {
    return comparison(text.slice(first.from, first.to), literalValue(second, text) as number);
  }
  if (first?.name === 'Interval') return interval(first, text);
  return undefined;
}

function comparison(op: string, bound: number): LiteralTest | undefined {
  switch (op) {
    case '<':
      return (input) => typeof input === 'number' && input < bound;
    case '<=':
      return (input) => typeof input === 'number' && input <= bound;
    case '>':
      return (input) => typeof input === 'number' && input > bound;
    case '>=':
      return (input) => typeof input === 'number' && input >= bound;
    case '=':
      return (input) => input === bound;
    default:
      return undefined;
  }
}

/** `[a..b]`, `(a..b)`, `]a..b[` and mixes, with number literals as bounds in ascending order. */
function interval(node: SyntaxNode, text: string): LiteralTest | undefined {
  const parts = children(node);
  if (parts.length !== 5 || parts[1].name !== 'NumericLiteral' || parts[3].name !== 'NumericLiteral') return undefined;
  const start = literalValue(parts[1], text) as number;
  const end = literalValue(parts[3], text) as number;
  if (start > end) return undefined;
  const startIncluded = text.slice(parts[0].from, parts[0].to) === '[';
  const endIncluded = text.slice(parts[4].from, parts[4].to) === ']';
  return (input) =>
    typeof input === 'number' &&
    (startIncluded ? input >= start : input > start) &&
    (endIncluded ? input <= end : input < end);
}

/** The literal's value as the FEEL layer reads it (string escapes and all). */
function literalValue(node: SyntaxNode, text: string): unknown {
  return compileExpression(`=${text.slice(node.from, node.to)}`).evaluate(() => undefined);
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}
