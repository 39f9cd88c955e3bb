/**
 * What one FEEL evaluation may spend. Zeebe evaluates whatever a model says; here one expression such as
 * `count(for i in 1..50000000 return i)` would hold the event loop the API and the workers share for
 * seconds, or exhaust the heap. So each evaluation runs under a meter: items (range elements and list
 * elements iterated or produced, function calls, characters of strings produced) are charged before they are
 * built, the wall time is checked at each charge and each iteration (feelin-hooks.ts, metered-source.ts), and
 * going over either limit fails the evaluation with FeelBudgetExceeded, which becomes an incident like any
 * other failed expression.
 *
 * Evaluation is synchronous, so the meter of the evaluation running is module state (as the clock is).
 */
import { FeelEvaluationError } from './feel-errors';

export interface FeelLimits {
  /** items one evaluation may produce or iterate (ENGINE_FEEL_MAX_ITEMS) */
  maxItems: number;
  /** milliseconds one evaluation may take (ENGINE_FEEL_MAX_TIME_MS) */
  maxMillis: number;
}

export const DEFAULT_FEEL_LIMITS: FeelLimits = Object.freeze({ maxItems: 1_000_000, maxMillis: 1000 });
export const UNLIMITED: FeelLimits = Object.freeze({
  maxItems: Number.POSITIVE_INFINITY,
  maxMillis: Number.POSITIVE_INFINITY,
});

/** Which limit an evaluation went over, and that limit's value then. */
export interface Excess {
  limit: 'items' | 'time';
  amount: number;
}

const SETTING: Record<Excess['limit'], string> = { items: 'ENGINE_FEEL_MAX_ITEMS', time: 'ENGINE_FEEL_MAX_TIME_MS' };

export function describeExcess({ limit, amount }: Excess): string {
  const what = limit === 'items' ? `${amount} items` : `${amount} ms`;
  return `the evaluation exceeded the FEEL evaluation limit of ${what} (${SETTING[limit]})`;
}

/**
 * Who decides an evaluation's budget (the engine's FeelBudgets): the limits, or, while the journal replays,
 * the excess recorded when the evaluation first ran, to fail with again without running it.
 */
export interface BudgetPolicy {
  admit(source: string, scope: string | undefined): FeelLimits | Excess;
  /** an evaluation went over its limits (the engine journals it) */
  exceeded(source: string, scope: string | undefined, excess: Excess): void;
}

export const isExcess = (v: FeelLimits | Excess): v is Excess => 'limit' in v;

/** The evaluation went over its budget; `body` is the expression without its '='. */
export class FeelBudgetExceeded extends FeelEvaluationError {
  constructor(
    expression: string,
    readonly body: string,
    readonly excess: Excess,
  ) {
    super(expression, `failed to evaluate expression '${body}': ${describeExcess(excess)}`);
    this.name = 'FeelBudgetExceeded';
  }

  /** The incident message: the element whose expression it was, and the limit. */
  messageFor(elementId: string): string {
    return `failed to evaluate expression '${this.body}' of element '${elementId}': ${describeExcess(this.excess)}`;
  }
}

/** Signals the excess from inside feelin's closures; compile-expression.ts turns it into FeelBudgetExceeded. */
export class ExcessSignal extends Error {
  constructor(readonly excess: Excess) {
    super(describeExcess(excess));
  }
}

export class Meter {
  private items = 0;
  private readonly deadline: number;
  /** once over, every later charge fails too (in case something between here and the caller swallowed it) */
  excess: Excess | undefined;

  constructor(private readonly limits: FeelLimits) {
    this.deadline = performance.now() + limits.maxMillis;
  }

  /** Charges `n` items about to be built; throws ExcessSignal when over a limit. */
  charge(n: number) {
    if (this.excess) throw new ExcessSignal(this.excess);
    this.items += n;
    if (this.items > this.limits.maxItems) this.over({ limit: 'items', amount: this.limits.maxItems });
    if (performance.now() > this.deadline) this.over({ limit: 'time', amount: this.limits.maxMillis });
  }

  /** Checks the time only (once per iteration of a loop or filter). */
  checkTime() {
    if (this.excess) throw new ExcessSignal(this.excess);
    if (performance.now() > this.deadline) this.over({ limit: 'time', amount: this.limits.maxMillis });
  }

  /** Fails on a string longer than the item limit (feelin builds strings by concatenation, unmetered). */
  refuseLongString(value: unknown) {
    if (typeof value === 'string' && value.length > this.limits.maxItems)
      this.over({ limit: 'items', amount: this.limits.maxItems });
  }

  /** Charges a value about to be kept (the result, an argument): its elements, entries and characters, deeply. */
  chargeValue(value: unknown) {
    this.charge(sizeOf(value, this.limits.maxItems - this.items + 1));
  }

  private over(excess: Excess): never {
    this.excess = excess;
    throw new ExcessSignal(excess);
  }
}

/**
 * Elements, entries and characters in `value`, counted as JSON would write it out (a list shared twice counts
 * twice), stopping once past `cap`, so that a value built to be huge when written costs at most `cap` to measure.
 */
function sizeOf(value: unknown, cap: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= cap) {
    const v = stack.pop();
    if (typeof v === 'string') {
      size += v.length;
    } else if (Array.isArray(v)) {
      size += v.length;
      for (let i = 0; i < v.length && stack.length <= cap; i++) stack.push(v[i]);
    } else if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      for (const key in v) {
        size += 1;
        stack.push((v as Record<string, unknown>)[key]);
        if (stack.length > cap) break;
      }
    }
  }
  return size;
}

let active: Meter | undefined;

/** Installs `meter` (undefined: none) for the evaluation about to run; returns the one it replaces. */
export function swapMeter(meter: Meter | undefined): Meter | undefined {
  const previous = active;
  active = meter;
  return previous;
}

export const activeMeter = (): Meter | undefined => active;
