/**
 * Unary tests compiled once instead of parsed on every evaluation. feelin exports no compiled form of unary
 * tests, only `unaryTest(text, context)`, which parses the text each time it runs; a decision table runs
 * every rule's entries on every evaluation. So the parse tree feelin gives is split into its positive tests,
 * each becoming an ordinary FEEL expression compiled by the engine's FEEL layer (compile-expression.ts, with
 * its cache and budget), `?` written as a variable, and combined the way feelin's unary-test evaluation
 * combines them:
 * - tests against literals (`"gold"`, `> 5`, `[1..10]`) compare in JS (literal-tests.ts);
 * - `> e`, `<= e`, `= e`, `!= e` → `? > (e)` ...; `[a..b]` → `? in [a..b]`: a match when true;
 * - a boolean literal → a match when the input is that boolean;
 * - any other expression e → its value t: a list matches an input it contains, a boolean is the match
 *   itself, a range matches an input it includes, anything else matches an input equal to it;
 * - `not(...)` matches when none of its tests does.
 * test/engine/decisions/unary-tests.test.ts runs the same tests through feelin's unaryTest to keep them equal.
 */
import { FeelRange, type parseUnaryTests } from 'feelin';
import {
  type CompiledExpression,
  compileExpression,
  FeelBudgetExceeded,
  type FeelContext,
  FeelEvaluationError,
} from '../feel';
import { literalTest } from './literal-tests';

type SyntaxNode = ReturnType<typeof parseUnaryTests>['topNode'];

/** The variable `?` becomes in the compiled expressions (a name FEEL accepts as a parameter). */
const INPUT = '__unaryTestInput';
const OTHER = '__unaryTestOther';
const EQUALS = compileExpression(`=${INPUT} = ${OTHER}`);

/** Whether one positive test accepts the input. */
type Piece = (input: unknown, lookup: (name: string) => unknown, ctx: FeelContext | undefined) => boolean;

export interface CompiledPieces {
  readonly negated: boolean;
  readonly pieces: readonly Piece[];
  /** variables the pieces read, besides the input */
  readonly variableNames: readonly string[];
}

/** The tests as compiled pieces; undefined for a form this does not know (feelin then evaluates the text). */
export function compilePieces(top: SyntaxNode, text: string): CompiledPieces | undefined {
  const kids = children(top);
  const negated = kids[0]?.name === 'not';
  const list = kids.find((kid) => kid.name === 'PositiveUnaryTests');
  if (!list) return undefined;
  const inputs = inputPositions(top);
  const names = new Set<string>();
  const pieces: Piece[] = [];
  try {
    for (const test of children(list)) {
      const piece = test.name === 'PositiveUnaryTest' ? compilePiece(test, text, inputs, names) : undefined;
      if (!piece) return undefined;
      pieces.push(piece);
    }
  } catch {
    return undefined;
  }
  names.delete(INPUT);
  return { negated, pieces, variableNames: [...names] };
}

function compilePiece(test: SyntaxNode, text: string, inputs: number[], names: Set<string>): Piece | undefined {
  const node = unwrap(test.firstChild);
  if (!node) return undefined;
  const literal = literalTest(node, text);
  if (literal) return (input) => literal(input);
  const source = (from: number, to: number) => withInput(text, from, to, inputs);
  const compile = (body: string) => {
    const compiled = compileExpression(`=${body}`);
    for (const name of compiled.variableNames) names.add(name);
    return compiled;
  };
  if (node.name === 'SimplePositiveUnaryTest') {
    const [first, second] = children(node);
    if (first?.name === 'Interval') return isTrue(compile(`${INPUT} in ${source(first.from, first.to)}`));
    if (first?.name !== 'CompareOp' || !second) return undefined;
    const op = text.slice(first.from, first.to);
    return isTrue(compile(`${INPUT} ${op} (${source(second.from, node.to)})`));
  }
  if (node.name === 'BooleanLiteral') {
    const literal = text.slice(node.from, node.to) === 'true';
    return (input) => input === literal;
  }
  return valueTest(compile(source(test.from, test.to)));
}

/** A piece that matches when the compiled comparison is true. */
function isTrue(compiled: CompiledExpression): Piece {
  return (input, lookup, ctx) => evaluate(compiled, input, lookup, ctx) === true;
}

/** A piece whose expression gives a value the input is tested against, as feelin's unary tests do. */
function valueTest(compiled: CompiledExpression): Piece {
  return (input, lookup, ctx) => {
    const value = evaluate(compiled, input, lookup, ctx);
    if (Array.isArray(value)) return value.includes(input);
    if (typeof value === 'boolean') return value;
    if (value instanceof FeelRange) return value.includes(input) === true;
    const other = (name: string) => (name === INPUT ? input : name === OTHER ? value : undefined);
    return EQUALS.evaluate(other, ctx) === true;
  };
}

function evaluate(
  compiled: CompiledExpression,
  input: unknown,
  lookup: (name: string) => unknown,
  ctx: FeelContext | undefined,
): unknown {
  try {
    return compiled.evaluate((name) => (name === INPUT ? input : lookup(name)), ctx);
  } catch (err) {
    // report the test as written, `?` and all
    if (err instanceof FeelEvaluationError && !(err instanceof FeelBudgetExceeded)) {
      throw new FeelEvaluationError(err.expression, err.message.replaceAll(INPUT, '?'));
    }
    throw err;
  }
}

/** Where `?` stands in the text. */
function inputPositions(top: SyntaxNode): number[] {
  const positions: number[] = [];
  top.cursor().iterate((ref) => {
    if (ref.name === '?') positions.push(ref.from);
  });
  return positions;
}

/** text[from, to) with each `?` written as the input variable. */
function withInput(text: string, from: number, to: number, inputs: number[]): string {
  let out = '';
  let last = from;
  for (const at of inputs) {
    if (at < from || at >= to) continue;
    out += `${text.slice(last, at)}${INPUT}`;
    last = at + 1;
  }
  return out + text.slice(last, to);
}

/** The expression inside any parentheses. */
function unwrap(node: SyntaxNode | null): SyntaxNode | null {
  let n = node;
  while (n?.name === 'ParenthesizedExpression') n = children(n).find((k) => k.name !== '(' && k.name !== ')') ?? null;
  return n;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}
