/**
 * FEEL expressions as Zeebe evaluates them (feelin 8 plus Camunda's extra built-ins), compiled once per
 * source text, and conversion of FEEL results to stored variables and timer values. Stateless apart from
 * the compile cache.
 */
export { type CompiledExpression, compileExpression, type FeelWarning } from './compile-expression';
export { DEFAULT_FEEL_LIMITS, FeelBudgetExceeded, type FeelLimits } from './feel-budget';
export type { FeelContext } from './feel-clock';
export { FeelEvaluationError, FeelSyntaxError } from './feel-errors';
export { toIsoString, toJsonValue } from './feel-values';
export { expressionText, type ResultType, resultTypeOf, unexpectedResultType } from './result-type';
