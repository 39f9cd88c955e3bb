/**
 * Compiles expression text once per distinct source: `=`-prefixed text is FEEL, anything else a static
 * string. A FEEL expression is parsed once to find the variables it reads, then turned into a FEEL function
 * of exactly those variables (`function(a, b) (<expression>)`), so each evaluation only looks up those
 * names and runs feelin's pre-built closures: no re-parsing and no copying of the whole variable scope.
 */
import { evaluate, FeelFunction, parseExpression, type Warning } from 'feelin';
import { CAMUNDA_FUNCTIONS, FeelAssertionFailure } from './camunda-functions';
import { ExcessSignal, FeelBudgetExceeded, isExcess, Meter, swapMeter, UNLIMITED } from './feel-budget';
import { type FeelContext, swapClock } from './feel-clock';
import { FeelEvaluationError, FeelSyntaxError } from './feel-errors';
import { installFeelinHooks, invokeUncharged } from './feelin-hooks';
import { firstErrorNode, freeNames } from './free-variables';
import { ITERATED_FUNCTION, iterated, meteredSource, TICK_FUNCTION, tick } from './metered-source';

installFeelinHooks();

export interface FeelWarning {
  /** feelin's warning type, e.g. NO_VARIABLE_FOUND, NO_CONTEXT_ENTRY_FOUND, INVALID_TYPE. */
  type: string;
  message: string;
}

export interface CompiledExpression {
  /** As written in the BPMN. */
  readonly source: string;
  /** True when the source starts with '='. */
  readonly isFeel: boolean;
  /** Top-level variable names the expression reads: fetch only these. */
  readonly variableNames: readonly string[];
  /** The value (null for missing variables and failed operations, as in Zeebe); throws FeelEvaluationError. */
  evaluate(lookup: (name: string) => unknown, ctx?: FeelContext): unknown;
  /** Same, plus the evaluation's warnings, for incident messages ("[NO_VARIABLE_FOUND] ..."). */
  evaluateWithWarnings(
    lookup: (name: string) => unknown,
    ctx?: FeelContext,
  ): { value: unknown; warnings: FeelWarning[] };
}

const DIALECT = 'camunda';
const CACHE_LIMIT = 10_000;
const NO_WARNINGS: FeelWarning[] = [];
const cache = new Map<string, CompiledExpression>();

export function compileExpression(source: string): CompiledExpression {
  let compiled = cache.get(source);
  if (compiled === undefined) {
    compiled = source.startsWith('=') ? compileFeel(source) : new StaticExpression(source);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(source, compiled);
  }
  return compiled;
}

class StaticExpression implements CompiledExpression {
  readonly isFeel = false;
  readonly variableNames: readonly string[] = [];
  constructor(readonly source: string) {}
  evaluate(): unknown {
    return this.source;
  }
  evaluateWithWarnings() {
    return { value: this.source, warnings: NO_WARNINGS };
  }
}

/** A FEEL function over the expression's variables, with feelin's warning list of its (reused) closures. */
interface Program {
  fn: FeelFunction;
  warnings: Warning[];
}

class FeelExpression implements CompiledExpression {
  readonly isFeel = true;

  constructor(
    readonly source: string,
    /** as written, without the '=' */
    private readonly body: string,
    /** as run: the body with its iterated lists metered (metered-source.ts) */
    private readonly runBody: string,
    readonly variableNames: readonly string[],
    private readonly functions: Record<string, unknown>,
    private readonly program: Program | undefined,
  ) {}

  evaluate(lookup: (name: string) => unknown, ctx?: FeelContext): unknown {
    return this.run(lookup, ctx, false).value;
  }

  evaluateWithWarnings(lookup: (name: string) => unknown, ctx?: FeelContext) {
    return this.run(lookup, ctx, true);
  }

  private run(lookup: (name: string) => unknown, ctx: FeelContext | undefined, keepWarnings: boolean) {
    const meter = this.meterFor(ctx);
    const names = this.variableNames;
    const args = new Array<unknown>(names.length);
    for (let i = 0; i < names.length; i++) args[i] = lookup(names[i]);
    const previousClock = swapClock(ctx);
    const previousMeter = swapMeter(meter);
    let warnings: Warning[] = [];
    try {
      let value: unknown;
      if (this.program) {
        warnings = this.program.warnings;
        value = invokeUncharged(this.program.fn, args);
      } else {
        const result = evaluate(this.runBody, this.slowContext(args), DIALECT);
        value = result.value;
        warnings = result.warnings;
      }
      if (meter) {
        if (meter.excess) throw new ExcessSignal(meter.excess);
        // what a caller goes on to copy and store, unless it is a variable's value as it came in
        if (!args.includes(value)) {
          meter.refuseLongString(value);
          meter.chargeValue(value);
        }
      }
      return {
        value: value === undefined ? null : value,
        warnings: keepWarnings ? warnings.map(toFeelWarning) : NO_WARNINGS,
      };
    } catch (err) {
      if (err instanceof ExcessSignal || meter?.excess) {
        const excess = meter?.excess ?? (err as ExcessSignal).excess;
        ctx?.budget?.exceeded(this.source, ctx.scope, excess);
        throw new FeelBudgetExceeded(this.source, this.body, excess);
      }
      throw this.failure(err);
    } finally {
      swapMeter(previousMeter);
      swapClock(previousClock);
      if (this.program) this.program.warnings.length = 0;
    }
  }

  /** The meter this evaluation runs under (none: unlimited); throws the excess a replay reproduces. */
  private meterFor(ctx: FeelContext | undefined): Meter | undefined {
    const policy = ctx?.budget;
    if (!policy) return undefined;
    const admitted = policy.admit(this.source, ctx.scope);
    if (isExcess(admitted)) throw new FeelBudgetExceeded(this.source, this.body, admitted);
    return admitted === UNLIMITED ? undefined : new Meter(admitted);
  }

  /** Fallback when the expression could not become a function: feelin parses it on every call. */
  private slowContext(args: unknown[]): Record<string, unknown> {
    const context: Record<string, unknown> = { ...this.functions };
    this.variableNames.forEach((name, i) => {
      if (args[i] !== undefined) context[name] = args[i];
    });
    return context;
  }

  private failure(err: unknown): FeelEvaluationError {
    if (err instanceof FeelAssertionFailure) {
      return new FeelEvaluationError(
        this.source,
        `Assertion failure on evaluate the expression '${this.body}': ${err.message}`,
      );
    }
    const reason = err instanceof Error ? err.message : String(err);
    return new FeelEvaluationError(this.source, `failed to evaluate expression '${this.body}': ${reason}`);
  }
}

function compileFeel(source: string): CompiledExpression {
  const body = source.slice(1).trim();
  if (body === '') throw new FeelSyntaxError(source, `failed to parse expression '${source}': the expression is empty`);
  const tree = parseExpression(body, CAMUNDA_FUNCTIONS, DIALECT);
  const error = firstErrorNode(tree.topNode);
  if (error) throw syntaxError(source, body, error.from);
  const { variables, functions } = freeNames(tree.topNode, body);
  const used: Record<string, unknown> = {};
  for (const name of [...functions, ...variables]) {
    if (Object.hasOwn(CAMUNDA_FUNCTIONS, name)) used[name] = CAMUNDA_FUNCTIONS[name];
  }
  const runBody = meteredSource(tree.topNode, body);
  if (runBody.includes(`${ITERATED_FUNCTION}(`)) used[ITERATED_FUNCTION] = iterated;
  if (runBody.includes(`${TICK_FUNCTION}(`)) used[TICK_FUNCTION] = tick;
  const program = buildProgram(runBody, variables, used);
  return new FeelExpression(source, body, runBody, Object.freeze(variables), used, program);
}

function buildProgram(body: string, variables: string[], functions: Record<string, unknown>): Program | undefined {
  const parameters = variables.map((name) =>
    /^[\p{L}_][\p{L}\p{N}_]*( [\p{L}_][\p{L}\p{N}_]*)*$/u.test(name) ? name : `\`${name}\``,
  );
  // the newlines keep a trailing `// comment` in the body from swallowing the closing parenthesis
  const definition = `function(${parameters.join(', ')}) (\n${body}\n)`;
  try {
    const { value, warnings } = evaluate(definition, functions, DIALECT);
    if (value instanceof FeelFunction && value.parameterNames.join('\u0000') === variables.join('\u0000')) {
      return { fn: value, warnings };
    }
  } catch {
    // falls back to parsing per evaluation
  }
  return undefined;
}

/** feelin's own message for the error (it reports it while building, before evaluating anything). */
function syntaxError(source: string, body: string, at: number): FeelSyntaxError {
  let detail = 'unexpected input';
  let position = { from: at, to: at };
  try {
    evaluate(body, CAMUNDA_FUNCTIONS, DIALECT);
  } catch (err) {
    const e = err as Error & { position?: { from: number; to: number } };
    detail = e.message;
    if (e.position) position = e.position;
  }
  const near = body.slice(position.from, Math.max(position.to, position.from + 1));
  const where = near ? ` at '${near}' (position ${position.from})` : ` at the end (position ${position.from})`;
  return new FeelSyntaxError(source, `failed to parse expression '${body}': ${detail}${where}`, position);
}

function toFeelWarning(warning: Warning): FeelWarning {
  if (warning.type === 'NO_VARIABLE_FOUND') {
    const name = /^Variable '(.*)' not found$/.exec(warning.message)?.[1];
    if (name !== undefined) return { type: warning.type, message: `No variable found with name '${name}'` };
  }
  return { type: warning.type, message: warning.message };
}
