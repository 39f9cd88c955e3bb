/**
 * DMN decisions as Zeebe runs them through dmn-scala: a .dmn file parsed once into a decision requirements
 * graph (or the reason Zeebe refuses it), and any decision of it evaluated with variables, required decisions
 * first, into the output plus the audit Zeebe's EvaluateDecision and decision instances report. Stateless:
 * deployments keep the parsed graphs.
 */
export type {
  DecisionEvaluated,
  DecisionEvaluation,
  DecisionEvaluationFailed,
  EvaluatedDecision,
  EvaluatedInput,
  EvaluatedOutput,
  MatchedRule,
} from './decision-result';
export type {
  Aggregation,
  DecisionInput,
  DecisionLogic,
  DecisionOutput,
  DecisionRequirements,
  DecisionRule,
  DecisionTable,
  DecisionType,
  HitPolicy,
  LiteralExpression,
  ParsedDecision,
} from './dmn-model';
export { evaluateDecision } from './evaluate-decision';
export { type DmnParseResult, parseDmn } from './parse-dmn';
