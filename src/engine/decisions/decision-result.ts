/**
 * What evaluating a decision gives, shaped like Zeebe's EvaluateDecisionResponse and its decision instance
 * records (Camunda REST's evaluated inputs, outputs and matched rules): the output, every decision evaluated
 * on the way (required decisions first, the one asked for last), and on failure the failed decision's id and
 * dmn-scala's reason. Values are plain JSON, written as Zeebe writes FEEL values (feel-values.ts).
 */
import type { DecisionType } from './dmn-model';

export interface EvaluatedInput {
  readonly inputId: string;
  /** the input's label, else its expression's text */
  readonly inputName: string;
  readonly inputValue: unknown;
}

export interface EvaluatedOutput {
  readonly outputId: string;
  /** null for the unnamed output of a single-output table */
  readonly outputName: string | null;
  readonly outputValue: unknown;
}

export interface MatchedRule {
  readonly ruleId: string;
  /** 1-based position of the rule in its table */
  readonly ruleIndex: number;
  readonly evaluatedOutputs: readonly EvaluatedOutput[];
}

export interface EvaluatedDecision {
  readonly decisionId: string;
  readonly decisionName: string;
  readonly decisionType: DecisionType;
  /** null for the decision that failed */
  readonly decisionOutput: unknown;
  /** a decision table's inputs (empty for a literal expression, or when an input expression failed) */
  readonly evaluatedInputs: readonly EvaluatedInput[];
  /** a decision table's matched rules, with the outputs each produced */
  readonly matchedRules: readonly MatchedRule[];
}

export interface DecisionEvaluated {
  readonly ok: true;
  readonly decisionId: string;
  readonly decisionOutput: unknown;
  readonly evaluatedDecisions: readonly EvaluatedDecision[];
}

export interface DecisionEvaluationFailed {
  readonly ok: false;
  readonly decisionId: string;
  /** the decision evaluated last (the one that failed), else the one asked for */
  readonly failedDecisionId: string;
  /** "Expected to evaluate decision '<id>', but <dmn-scala's reason>" */
  readonly failureMessage: string;
  /** those evaluated up to and including the one that failed */
  readonly evaluatedDecisions: readonly EvaluatedDecision[];
}

export type DecisionEvaluation = DecisionEvaluated | DecisionEvaluationFailed;
