/**
 * Deployed decisions and decision requirements (DRGs): `POST /v2/decision-definitions/search`,
 * `GET /v2/decision-definitions/{key}[/xml]`, `POST /v2/decision-requirements/search`,
 * `GET /v2/decision-requirements/{key}[/xml]`. A decision's XML is its DRG's: the .dmn resource it was
 * deployed in.
 */
import { Router as createRouter, type Response, type Router } from 'express';
import type { RestContext } from '../context';
import { markInertDocument } from '../inert-document';
import { notFound } from '../problem';
import { pathKey } from '../request-schemas';
import { search } from '../search';
import { decisionDefinitionItem, decisionRequirementsItem } from './deployed-resource-items';
import { byKey } from './incidents';

/** One of the two resources: its path, its items in v2 shape, the key field, and what its XML is. */
interface DecisionResource<T extends Record<string, unknown>> {
  path: string;
  what: string;
  keyField: keyof T & string;
  fields: readonly (keyof T & string)[];
  items: () => T[];
  drgKeyOf: (item: T) => string;
}

export function decisionRoutes(ctx: RestContext): Router {
  const router = createRouter();
  // the reads of a secondary storage that does not export decisions fall back to the engine's
  const reads = {
    decisions: ctx.reads.listDecisionDefinitions ?? ctx.engine.listDecisionDefinitions,
    requirements: ctx.reads.listDecisionRequirements ?? ctx.engine.listDecisionRequirements,
    xml: ctx.reads.getDecisionRequirementsXml ?? ctx.engine.getDecisionRequirementsXml,
  };
  const sendXml = (res: Response, drgKey: string) => {
    const xml = reads.xml?.(drgKey);
    if (xml === undefined) throw notFound(`Decision requirements with key '${drgKey}' not found`);
    markInertDocument(res).type('text/xml').send(xml);
  };

  const serve = <T extends Record<string, unknown>>(resource: DecisionResource<T>) => {
    const withKey = (raw: string) => {
      const key = pathKey(raw, resource.keyField);
      const found = resource.items().find((item) => item[resource.keyField] === key);
      if (!found) throw notFound(`${resource.what} with key '${key}' not found`);
      return found;
    };
    router.post(`/${resource.path}/search`, (req, res) => {
      res.json(search(resource.items(), req.body, { fields: resource.fields, defaultOrder: byKey(resource.keyField) }));
    });
    router.get(`/${resource.path}/:key`, (req, res) => {
      res.json(withKey(req.params.key));
    });
    router.get(`/${resource.path}/:key/xml`, (req, res) => {
      sendXml(res, resource.drgKeyOf(withKey(req.params.key)));
    });
  };

  serve({
    path: 'decision-definitions',
    what: 'Decision definition',
    keyField: 'decisionDefinitionKey',
    fields: [
      'decisionDefinitionId',
      'name',
      'version',
      'decisionRequirementsId',
      'tenantId',
      'decisionDefinitionKey',
      'decisionRequirementsKey',
    ],
    items: () => [...(reads.decisions?.() ?? [])].map(decisionDefinitionItem),
    drgKeyOf: (d) => d.decisionRequirementsKey,
  });
  serve({
    path: 'decision-requirements',
    what: 'Decision requirements',
    keyField: 'decisionRequirementsKey',
    fields: [
      'decisionRequirementsName',
      'version',
      'decisionRequirementsId',
      'resourceName',
      'tenantId',
      'decisionRequirementsKey',
    ],
    items: () => [...(reads.requirements?.() ?? [])].map(decisionRequirementsItem),
    drgKeyOf: (r) => r.decisionRequirementsKey,
  });

  return router;
}
