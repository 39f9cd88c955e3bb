/**
 * `POST /v2/decision-definitions/evaluation`: a decision evaluated with variables (Camunda 8.8's
 * EvaluateDecisionResult). A decision that fails to evaluate is still a 200 naming the failed decision, as
 * Zeebe answers it; a decision that is not deployed is a 404.
 */
import { Router as createRouter, type Router } from 'express';
import type { DecisionEvaluationView } from '../../../engine/engine-api';
import { decisionAudit } from '../../decision-audit';
import type { RestContext } from '../context';
import { DecisionEvaluationBody, parse } from '../request-schemas';

export function decisionEvaluationRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.post('/decision-definitions/evaluation', async (req, res) => {
    const body = parse(DecisionEvaluationBody, req.body);
    const evaluation = ctx.engine.evaluateDecision(
      { decisionId: body.decisionDefinitionId, decisionKey: body.decisionDefinitionKey },
      body.variables,
    );
    await ctx.durable();
    res.json(evaluateDecisionResult(evaluation));
  });
  return router;
}

/** Outputs and values are JSON documents; a success has empty failure fields (as Camunda's mapper writes). */
function evaluateDecisionResult(e: DecisionEvaluationView) {
  return {
    decisionDefinitionId: e.decisionId,
    decisionDefinitionName: e.decisionName,
    decisionDefinitionVersion: e.decisionVersion,
    decisionRequirementsId: e.decisionRequirementsId,
    output: JSON.stringify(e.output),
    failedDecisionDefinitionId: e.failedDecisionId ?? '',
    failureMessage: e.failureMessage ?? '',
    tenantId: e.tenantId,
    decisionDefinitionKey: e.decisionKey,
    decisionRequirementsKey: e.decisionRequirementsKey,
    decisionInstanceKey: e.decisionEvaluationKey,
    decisionEvaluationKey: e.decisionEvaluationKey,
    evaluatedDecisions: e.evaluatedDecisions.map((d) => ({
      decisionDefinitionId: d.decisionId,
      decisionDefinitionName: d.decisionName,
      decisionDefinitionVersion: d.decisionVersion,
      decisionDefinitionType: d.decisionType,
      output: JSON.stringify(d.decisionOutput),
      tenantId: e.tenantId,
      ...decisionAudit(d),
      decisionDefinitionKey: d.decisionKey,
      decisionEvaluationInstanceKey: d.decisionEvaluationInstanceKey,
    })),
  };
}
