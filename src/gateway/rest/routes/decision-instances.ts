/**
 * Decision instances (Camunda 8.8): `POST /v2/decision-instances/search` and
 * `GET /v2/decision-instances/{decisionEvaluationInstanceKey}`, one per decision evaluated in an evaluation
 * (its key `<decisionEvaluationKey>-<n>`). In a failed evaluation the decision that failed is FAILED with the
 * failure message, as Camunda's exporter writes it; the others are EVALUATED. The GET adds the evaluated
 * inputs and matched rules. Values are JSON documents.
 */
import { Router as createRouter, type Router } from 'express';
import type { DecisionEvaluationView } from '../../../engine/engine-api';
import type { EvaluatedDecisionView } from '../../../engine/runtime/decision-evaluations';
import { decisionAudit } from '../../decision-audit';
import type { RestContext } from '../context';
import { notFound } from '../problem';
import { search } from '../search';

const FIELDS = [
  'decisionEvaluationInstanceKey',
  'state',
  'evaluationDate',
  'evaluationFailure',
  'decisionDefinitionId',
  'decisionDefinitionName',
  'decisionDefinitionVersion',
  'decisionDefinitionType',
  'result',
  'tenantId',
  'decisionEvaluationKey',
  'processDefinitionKey',
  'processInstanceKey',
  'decisionDefinitionKey',
  'elementInstanceKey',
] as const;

type DecisionInstanceItem = ReturnType<typeof decisionInstanceItem>;

export function decisionInstanceRoutes(ctx: RestContext): Router {
  const router = createRouter();
  // (decision evaluations are read from the engine, as decision definitions are: no flush interval)
  const instances = () => [...(ctx.engine.listDecisionEvaluations?.() ?? [])].flatMap(decisionInstances);
  router.post('/decision-instances/search', (req, res) => {
    const page = search(
      instances().map((i) => i.item),
      req.body,
      { fields: FIELDS, defaultOrder: byInstanceKey },
    );
    res.json(page);
  });
  router.get('/decision-instances/:key', (req, res) => {
    const key = req.params.key;
    const found = instances().find((i) => i.item.decisionEvaluationInstanceKey === key);
    if (!found) throw notFound(`Decision instance with key '${key}' not found`);
    res.json({ ...found.item, ...decisionAudit(found.decision) });
  });
  return router;
}

function decisionInstances(e: DecisionEvaluationView) {
  return e.evaluatedDecisions.map((decision) => ({ decision, item: decisionInstanceItem(e, decision) }));
}

function decisionInstanceItem(e: DecisionEvaluationView, d: EvaluatedDecisionView) {
  const failed = e.failedDecisionId !== undefined && e.evaluatedDecisions.at(-1) === d;
  return {
    decisionEvaluationInstanceKey: d.decisionEvaluationInstanceKey,
    state: failed ? 'FAILED' : 'EVALUATED',
    evaluationDate: e.evaluationDate,
    ...(failed ? { evaluationFailure: e.failureMessage } : {}),
    decisionDefinitionId: d.decisionId,
    decisionDefinitionName: d.decisionName,
    decisionDefinitionVersion: d.decisionVersion,
    decisionDefinitionType: d.decisionType,
    result: JSON.stringify(d.decisionOutput),
    tenantId: e.tenantId,
    decisionEvaluationKey: e.decisionEvaluationKey,
    ...(e.caller
      ? {
          processDefinitionKey: e.caller.processDefinitionKey,
          processInstanceKey: e.caller.processInstanceKey,
          elementInstanceKey: e.caller.elementInstanceKey,
        }
      : {}),
    decisionDefinitionKey: d.decisionKey,
  };
}

/** Creation order: by evaluation key, then position in the evaluation. */
function byInstanceKey(a: DecisionInstanceItem, b: DecisionInstanceItem): number {
  const [ka, na] = a.decisionEvaluationInstanceKey.split('-').map(BigInt);
  const [kb, nb] = b.decisionEvaluationInstanceKey.split('-').map(BigInt);
  return ka !== kb ? (ka < kb ? -1 : 1) : na < nb ? -1 : na > nb ? 1 : 0;
}
