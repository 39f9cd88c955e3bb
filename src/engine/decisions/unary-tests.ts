/**
 * A decision table's input entry: FEEL unary tests (`> 5`, `"gold","silver"`, `[1..10]`, `not("x")`,
 * `? > limit`, `-`), parsed once by feelin when the DMN is parsed, with the input value as `?`. Tests of the
 * forms unary-test-pieces.ts knows run as expressions compiled once; any other runs through feelin's own
 * unaryTest (which parses it again on each call), handed only the variables it names (feelin copies its whole
 * context on every call) and metered like any other FEEL evaluation (feel-budget.ts).
 */
import { parseUnaryTests, unaryTest } from 'feelin';
import { CAMUNDA_FUNCTIONS, FeelAssertionFailure } from '../feel/camunda-functions';
import { ExcessSignal, FeelBudgetExceeded, isExcess, Meter, swapMeter, UNLIMITED } from '../feel/feel-budget';
import { type FeelContext, swapClock } from '../feel/feel-clock';
import { FeelEvaluationError, FeelSyntaxError } from '../feel/feel-errors';
import { firstErrorNode, freeNames } from '../feel/free-variables';
import { type CompiledPieces, compilePieces } from './unary-test-pieces';

const DIALECT = 'camunda';
/** the name feelin (and FEEL) gives the input value inside unary tests */
const INPUT_VARIABLE = '?';

export interface CompiledUnaryTests {
  /** as written in the DMN */
  readonly text: string;
  /** `-` or empty: matches any input without evaluating anything */
  readonly matchesAnything: boolean;
  /** top-level variables the tests read besides the input value */
  readonly variableNames: readonly string[];
  /** Whether `input` passes (null counts as not passing, as in dmn-scala); throws FeelEvaluationError. */
  test(input: unknown, lookup: (name: string) => unknown, ctx?: FeelContext): boolean;
}

/** Compiles unary tests; throws FeelSyntaxError (message "failed to parse expression ...") when they do not parse. */
export function compileUnaryTests(text: string): CompiledUnaryTests {
  return compile(text, true);
}

/** The same tests left to feelin's unaryTest on each call (the form compileUnaryTests falls back to). */
export function uncompiledUnaryTests(text: string): CompiledUnaryTests {
  return compile(text, false);
}

function compile(text: string, intoPieces: boolean): CompiledUnaryTests {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '-') return new AnyInput(text);
  const tree = parseUnaryTests(text, CAMUNDA_FUNCTIONS, DIALECT);
  if (firstErrorNode(tree.topNode)) throw syntaxError(text);
  const pieces = intoPieces ? compilePieces(tree.topNode, text) : undefined;
  if (pieces) return new CompiledTests(text, pieces);
  const { variables, functions } = freeNames(tree.topNode, text);
  const used: Record<string, unknown> = {};
  for (const name of [...functions, ...variables]) {
    if (Object.hasOwn(CAMUNDA_FUNCTIONS, name)) used[name] = CAMUNDA_FUNCTIONS[name];
  }
  const names = variables.filter((name) => name !== INPUT_VARIABLE && !Object.hasOwn(used, name));
  return new FeelinUnaryTests(text, Object.freeze(names), used);
}

class AnyInput implements CompiledUnaryTests {
  readonly matchesAnything = true;
  readonly variableNames: readonly string[] = [];
  constructor(readonly text: string) {}
  test(): boolean {
    return true;
  }
}

/** Tests compiled into expressions; all run, as in feelin (a failing one fails the entry). */
class CompiledTests implements CompiledUnaryTests {
  readonly matchesAnything = false;
  readonly variableNames: readonly string[];

  constructor(
    readonly text: string,
    private readonly compiled: CompiledPieces,
  ) {
    this.variableNames = compiled.variableNames;
  }

  test(input: unknown, lookup: (name: string) => unknown, ctx?: FeelContext): boolean {
    let matched = false;
    for (const piece of this.compiled.pieces) if (piece(input, lookup, ctx)) matched = true;
    return this.compiled.negated ? !matched : matched;
  }
}

/** Tests of a form not compiled: feelin's unaryTest parses and runs them on each call. */
class FeelinUnaryTests implements CompiledUnaryTests {
  readonly matchesAnything = false;

  constructor(
    readonly text: string,
    readonly variableNames: readonly string[],
    private readonly functions: Record<string, unknown>,
  ) {}

  test(input: unknown, lookup: (name: string) => unknown, ctx?: FeelContext): boolean {
    const context: Record<string, unknown> = { ...this.functions };
    for (const name of this.variableNames) {
      const value = lookup(name);
      if (value !== undefined) context[name] = value;
    }
    context[INPUT_VARIABLE] = input ?? null;
    const meter = this.meterFor(ctx);
    const previousClock = swapClock(ctx);
    const previousMeter = swapMeter(meter);
    try {
      const { value } = unaryTest(this.text, context, DIALECT);
      if (meter?.excess) throw new ExcessSignal(meter.excess);
      return value === true;
    } catch (err) {
      if (err instanceof ExcessSignal || meter?.excess) {
        const excess = meter?.excess ?? (err as ExcessSignal).excess;
        ctx?.budget?.exceeded(this.text, ctx.scope, excess);
        throw new FeelBudgetExceeded(this.text, this.text, excess);
      }
      throw this.failure(err);
    } finally {
      swapMeter(previousMeter);
      swapClock(previousClock);
    }
  }

  /** The meter this run is charged to (none: unlimited), as compile-expression.ts admits evaluations. */
  private meterFor(ctx: FeelContext | undefined): Meter | undefined {
    const policy = ctx?.budget;
    if (!policy) return undefined;
    const admitted = policy.admit(this.text, ctx.scope);
    if (isExcess(admitted)) throw new FeelBudgetExceeded(this.text, this.text, admitted);
    return admitted === UNLIMITED ? undefined : new Meter(admitted);
  }

  private failure(err: unknown): FeelEvaluationError {
    if (err instanceof FeelAssertionFailure) {
      return new FeelEvaluationError(
        this.text,
        `Assertion failure on evaluate the expression '${this.text}': ${err.message}`,
      );
    }
    const reason = err instanceof Error ? err.message : String(err);
    return new FeelEvaluationError(this.text, `failed to evaluate expression '${this.text}': ${reason}`);
  }
}

/** feelin's own words for what does not parse. */
function syntaxError(text: string): FeelSyntaxError {
  let detail = 'unexpected input';
  let position: { from: number; to: number } | undefined;
  try {
    unaryTest(text, {}, DIALECT);
  } catch (err) {
    const e = err as Error & { position?: { from: number; to: number } };
    detail = e.message;
    position = e.position;
  }
  return new FeelSyntaxError(text, `failed to parse expression '${text}': ${detail}`, position);
}
