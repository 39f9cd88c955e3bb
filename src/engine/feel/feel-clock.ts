/**
 * The engine clock FEEL's now() and today() read. Evaluation is synchronous, so the expression being
 * evaluated installs its caller's clock for the duration of the call and restores the previous one after.
 */
import type { BudgetPolicy } from './feel-budget';

export interface FeelContext {
  /** The engine clock, epoch milliseconds. */
  now: () => number;
  /** What the evaluation may spend (feel-budget.ts); none: unlimited. */
  budget?: BudgetPolicy;
  /** The element instance the evaluation is for (so a replay finds the evaluation a journal record names). */
  scope?: string;
}

let active: FeelContext | undefined;

/** Installs `ctx` (undefined: the system clock) and returns the one it replaces. */
export function swapClock(ctx: FeelContext | undefined): FeelContext | undefined {
  const previous = active;
  active = ctx;
  return previous;
}

export const clockNow = (): number => (active ? active.now() : Date.now());
