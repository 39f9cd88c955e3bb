/**
 * Deployed decisions and decision requirements (DRGs): `POST /v2/decision-definitions/search`,
 * `GET /v2/decision-definitions/{key}[/xml]`, `POST /v2/decision-requirements/search`,
 * `GET /v2/decision-requirements/{key}[/xml]`. A decision's XML is its DRG's: the .dmn resource it was
 * deployed in.
 */
import { Router as createRouter, type Router } from 'express';
import type { RestContext } from '../context';
import { markInertDocument } from '../inert-document';
import { notFound } from '../problem';
import { pathKey } from '../request-schemas';
import { search } from '../search';
import { decisionDefinitionItem, decisionRequirementsItem } from './deployed-resource-items';

const DECISION_FIELDS = [
  'decisionDefinitionId',
  'name',
  'version',
  'decisionRequirementsId',
  'tenantId',
  'decisionDefinitionKey',
  'decisionRequirementsKey',
] as const;

const REQUIREMENTS_FIELDS = [
  'decisionRequirementsName',
  'version',
  'decisionRequirementsId',
  'resourceName',
  'tenantId',
  'decisionRequirementsKey',
] as const;

const byKey =
  (field: string) =>
  (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    const d = BigInt(String(a[field])) - BigInt(String(b[field]));
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  };

export function decisionRoutes(ctx: RestContext): Router {
  const router = createRouter();
  // the reads of a secondary storage that does not export decisions fall back to the engine's
  const decisions = () => [...((ctx.reads.listDecisionDefinitions ?? ctx.engine.listDecisionDefinitions)?.() ?? [])];
  const requirements = () => [
    ...((ctx.reads.listDecisionRequirements ?? ctx.engine.listDecisionRequirements)?.() ?? []),
  ];
  const xmlOf = (key: string) => (ctx.reads.getDecisionRequirementsXml ?? ctx.engine.getDecisionRequirementsXml)?.(key);
  const decisionWithKey = (raw: string) => {
    const key = pathKey(raw, 'decisionDefinitionKey');
    const decision = decisions().find((d) => d.decisionKey === key);
    if (!decision) throw notFound(`Decision definition with key '${key}' not found`);
    return decision;
  };
  const requirementsWithKey = (raw: string) => {
    const key = pathKey(raw, 'decisionRequirementsKey');
    const found = requirements().find((r) => r.decisionRequirementsKey === key);
    if (!found) throw notFound(`Decision requirements with key '${key}' not found`);
    return found;
  };
  const sendXml = (res: Parameters<typeof markInertDocument>[0], key: string) => {
    const xml = xmlOf(key);
    if (xml === undefined) throw notFound(`Decision requirements with key '${key}' not found`);
    markInertDocument(res).type('text/xml').send(xml);
  };

  router.post('/decision-definitions/search', (req, res) => {
    res.json(
      search(decisions().map(decisionDefinitionItem), req.body, {
        fields: DECISION_FIELDS,
        defaultOrder: byKey('decisionDefinitionKey'),
      }),
    );
  });

  router.get('/decision-definitions/:key', (req, res) => {
    res.json(decisionDefinitionItem(decisionWithKey(req.params.key)));
  });

  router.get('/decision-definitions/:key/xml', (req, res) => {
    sendXml(res, decisionWithKey(req.params.key).decisionRequirementsKey);
  });

  router.post('/decision-requirements/search', (req, res) => {
    res.json(
      search(requirements().map(decisionRequirementsItem), req.body, {
        fields: REQUIREMENTS_FIELDS,
        defaultOrder: byKey('decisionRequirementsKey'),
      }),
    );
  });

  router.get('/decision-requirements/:key', (req, res) => {
    res.json(decisionRequirementsItem(requirementsWithKey(req.params.key)));
  });

  router.get('/decision-requirements/:key/xml', (req, res) => {
    sendXml(res, requirementsWithKey(req.params.key).decisionRequirementsKey);
  });

  return router;
}
