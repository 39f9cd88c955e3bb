/** EvaluateDecision: a decision evaluated with variables, answered with Zeebe's EvaluateDecisionResponse. */
import type { DecisionEvaluationView } from '../../../engine/engine-api';
import { decisionAudit } from '../../decision-audit';
import type { GatewayContext } from '../context';
import { keyOf, parseDocument, requireDefaultTenant } from '../conversions';
import type * as M from '../proto-types';
import type { UnaryHandler } from '../unary-handlers';

export function decisionHandlers({ engine }: GatewayContext): Record<string, UnaryHandler> {
  return {
    EvaluateDecision: {
      intent: 'EVALUATE',
      handle: (req: M.EvaluateDecisionRequest) => {
        requireDefaultTenant('EvaluateDecision', req.tenantId);
        const evaluation = engine.evaluateDecision(
          { decisionId: req.decisionId || undefined, decisionKey: keyOf(req.decisionKey) },
          parseDocument('variables', req.variables),
        );
        return evaluateDecisionResponse(evaluation);
      },
    },
  };
}

/** Zeebe's gateway writes the outputs as JSON documents, and empty strings where a failure has nothing. */
function evaluateDecisionResponse(e: DecisionEvaluationView) {
  return {
    decisionKey: e.decisionKey,
    decisionId: e.decisionId,
    decisionName: e.decisionName,
    decisionVersion: e.decisionVersion,
    decisionRequirementsId: e.decisionRequirementsId,
    decisionRequirementsKey: e.decisionRequirementsKey,
    decisionOutput: JSON.stringify(e.output),
    evaluatedDecisions: e.evaluatedDecisions.map((d) => ({
      decisionKey: d.decisionKey,
      decisionId: d.decisionId,
      decisionName: d.decisionName,
      decisionVersion: d.decisionVersion,
      decisionType: d.decisionType,
      decisionOutput: JSON.stringify(d.decisionOutput),
      ...decisionAudit(d),
      tenantId: e.tenantId,
    })),
    failedDecisionId: e.failedDecisionId ?? '',
    failureMessage: e.failureMessage ?? '',
    tenantId: e.tenantId,
    decisionInstanceKey: e.decisionEvaluationKey,
  };
}
