/**
 * The engine's side of the FEEL budget (feel/feel-budget.ts): the limits every evaluation runs under, and
 * what makes a replay of the journal reach the same outcome without paying again.
 *
 * Running live, an evaluation that goes over a limit is reported to `onExceeded`, which journals it (with the
 * element instance, the expression and the limit) inside the command that ran it. The time limit is not
 * deterministic, and the limits may have changed by the next start, so a replay does not evaluate under
 * the limits: it runs every evaluation unlimited (each finished within the limits when it first ran),
 * except those the journal says went over, which fail again at once with the recorded limit, unevaluated.
 */
import type { BudgetPolicy, Excess, FeelLimits } from '../feel/feel-budget';
import { DEFAULT_FEEL_LIMITS, UNLIMITED } from '../feel/feel-budget';

/** An evaluation that went over its budget, as the journal records it. */
export interface BudgetExcess extends Excess {
  /** the element instance it was for (absent: none, e.g. a timer start event's) */
  scope?: string;
  expression: string;
}

export class FeelBudgets implements BudgetPolicy {
  /** undefined while live; while replaying a command, the excesses the journal recorded for it */
  private recorded: BudgetExcess[] | undefined;

  constructor(
    readonly limits: FeelLimits = DEFAULT_FEEL_LIMITS,
    /** journals an excess (live only) */
    private readonly onExceeded: (excess: BudgetExcess) => void = () => {},
  ) {}

  /** Replaying: `recorded` are the excesses of the command replayed next (empty: none). */
  replaying(recorded: BudgetExcess[]) {
    this.recorded = [...recorded];
  }

  /** Live again, after the replay. */
  live() {
    this.recorded = undefined;
  }

  admit(expression: string, scope: string | undefined): FeelLimits | Excess {
    if (!this.recorded) return this.limits;
    const i = this.recorded.findIndex((r) => r.expression === expression && r.scope === scope);
    if (i < 0) return UNLIMITED;
    const [{ limit, amount }] = this.recorded.splice(i, 1);
    return { limit, amount };
  }

  exceeded(expression: string, scope: string | undefined, excess: Excess) {
    if (!this.recorded) this.onExceeded({ scope, expression, limit: excess.limit, amount: excess.amount });
  }
}
