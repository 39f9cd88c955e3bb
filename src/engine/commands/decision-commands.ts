/**
 * The command on decisions: evaluate one (by key, or the latest version of an id) with variables, as Zeebe's
 * EvaluateDecision. Journaled before it runs like every command: the evaluation's key comes from the key
 * generator, so a replay gives it the same key.
 */
import type { Variables } from '../engine-api';
import type { DecisionLookup } from '../runtime/decision-evaluations';
import { command, withVariables } from './command';

export const decisionCommands = {
  evaluateDecision: command({
    call: (lookup: DecisionLookup, variables?: Variables) => ({ lookup, variables }),
    check: (fields) => withVariables(fields),
    apply: (rt, { lookup, variables }) => rt.decisionEvaluations.evaluate(lookup, variables),
  }),
};
