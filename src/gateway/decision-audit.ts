/**
 * A decision's evaluated inputs and matched rules as both gateways write them (Zeebe's EvaluatedDecision
 * message, Camunda REST's evaluation result and decision instance): the same field names, values as JSON
 * documents, an unnamed output as ''.
 */
import type { EvaluatedDecision } from '../engine/decisions';

export function decisionAudit(d: Pick<EvaluatedDecision, 'evaluatedInputs' | 'matchedRules'>) {
  return {
    matchedRules: d.matchedRules.map((rule) => ({
      ruleId: rule.ruleId,
      ruleIndex: rule.ruleIndex,
      evaluatedOutputs: rule.evaluatedOutputs.map((o) => ({
        outputId: o.outputId,
        outputName: o.outputName ?? '',
        outputValue: JSON.stringify(o.outputValue),
      })),
    })),
    evaluatedInputs: d.evaluatedInputs.map((i) => ({
      inputId: i.inputId,
      inputName: i.inputName,
      inputValue: JSON.stringify(i.inputValue),
    })),
  };
}
