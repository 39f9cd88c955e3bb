/**
 * Evaluates a decision of a parsed DRG with the caller's variables, as Zeebe does through dmn-scala: each
 * required decision first (depth first, in document order, again each time it is required), its result
 * visible to the decision requiring it under its variable's name (else its id), then the decision's own
 * logic, then the check of its result against its variable's typeRef. Failures are values, worded as Zeebe's
 * DmnScalaDecisionEngine words them, with the decisions evaluated up to the failure.
 */
import { type FeelContext, toJsonValue } from '../feel';
import type { DecisionEvaluation, EvaluatedDecision } from './decision-result';
import type { DecisionRequirements, ParsedDecision } from './dmn-model';
import { evaluateDecisionTable, type Lookup, reason } from './evaluate-decision-table';
import { resultTypeFailure } from './result-type-check';

/** The FEEL value (or dmn-scala's reason) of one decision; its audit entry is already recorded. */
type Outcome = { readonly value: unknown } | { readonly failure: string };

export function evaluateDecision(
  drg: DecisionRequirements,
  decisionId: string,
  variables: Readonly<Record<string, unknown>>,
  ctx?: FeelContext,
): DecisionEvaluation {
  const audit: EvaluatedDecision[] = [];
  const decision = drg.decisionsById.get(decisionId);
  const outcome: Outcome = decision
    ? evaluateWithRequirements(drg, decision, variables, audit, ctx)
    : { failure: `no decision found with id '${decisionId}'` };
  if ('failure' in outcome) {
    return {
      ok: false,
      decisionId,
      failedDecisionId: audit.length > 0 ? audit[audit.length - 1].decisionId : decisionId,
      failureMessage: `Expected to evaluate decision '${decisionId}', but ${outcome.failure}`,
      evaluatedDecisions: audit,
    };
  }
  return { ok: true, decisionId, decisionOutput: toJsonValue(outcome.value), evaluatedDecisions: audit };
}

function evaluateWithRequirements(
  drg: DecisionRequirements,
  decision: ParsedDecision,
  variables: Readonly<Record<string, unknown>>,
  audit: EvaluatedDecision[],
  ctx: FeelContext | undefined,
): Outcome {
  const required: Record<string, unknown> = {};
  for (const id of decision.requiredDecisionIds) {
    const requiredDecision = drg.decisionsById.get(id);
    if (!requiredDecision) return { failure: `no decision found with id '${id}'` };
    const outcome = evaluateWithRequirements(drg, requiredDecision, variables, audit, ctx);
    if ('failure' in outcome) return outcome;
    required[requiredDecision.resultName] = outcome.value;
  }
  // a required decision's result hides a variable of the same name, as in dmn-scala's context
  const lookup: Lookup = (name) => (Object.hasOwn(required, name) ? required[name] : variables[name]);
  const outcome = evaluateLogic(decision, lookup, audit, ctx);
  if ('failure' in outcome) return outcome;
  const typeFailure = resultTypeFailure(outcome.value, decision.resultType);
  return typeFailure ? { failure: typeFailure } : outcome;
}

/** Evaluates the decision's own logic and records its audit entry (failed ones too). */
function evaluateLogic(
  decision: ParsedDecision,
  lookup: Lookup,
  audit: EvaluatedDecision[],
  ctx: FeelContext | undefined,
): Outcome {
  const logic = decision.logic;
  const entry = { decisionId: decision.id, decisionName: decision.name, decisionType: logic.type };
  if (logic.type === 'DECISION_TABLE') {
    const table = evaluateDecisionTable(logic, lookup, ctx);
    const failed = table.failure !== undefined;
    audit.push({
      ...entry,
      decisionOutput: failed ? null : toJsonValue(table.value),
      evaluatedInputs: table.evaluatedInputs,
      matchedRules: table.matchedRules,
    });
    return failed ? { failure: table.failure as string } : { value: table.value };
  }
  try {
    const value = logic.expression.compiled.evaluate(lookup, ctx);
    audit.push({ ...entry, decisionOutput: toJsonValue(value), evaluatedInputs: [], matchedRules: [] });
    return { value };
  } catch (err) {
    audit.push({ ...entry, decisionOutput: null, evaluatedInputs: [], matchedRules: [] });
    return { failure: reason(err) };
  }
}
