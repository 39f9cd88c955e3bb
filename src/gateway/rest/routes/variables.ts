/** Variables: search (values as JSON text, cut at 8 KiB unless `truncateValues: false`) and get. */
import { Router as createRouter, type Router } from 'express';
import type { RestContext } from '../context';
import { badRequest, notFound } from '../problem';
import { pathKey } from '../request-schemas';
import { search } from '../search';
import { variableItem } from '../views';
import { byKey } from './incidents';

const VARIABLE_FIELDS = [
  'variableKey',
  'name',
  'value',
  'isTruncated',
  'scopeKey',
  'processInstanceKey',
  'tenantId',
] as const;

export function variableRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.post('/variables/search', (req, res) => {
    const body = (req.body ?? {}) as { truncateValues?: unknown; filter?: { processInstanceKey?: unknown } };
    if (body.truncateValues !== undefined && typeof body.truncateValues !== 'boolean') {
      throw badRequest("'truncateValues' must be a boolean");
    }
    // Camunda 8.8 takes it as a query parameter (`?truncateValues=false`); the body form is kept for old callers
    const query = req.query.truncateValues;
    if (query !== undefined && query !== 'true' && query !== 'false') {
      throw badRequest(`Query parameter 'truncateValues' must be true or false, but was ${JSON.stringify(query)}`);
    }
    const truncate = query === undefined ? body.truncateValues !== false : query === 'true';
    const only = typeof body.filter?.processInstanceKey === 'string' ? body.filter.processInstanceKey : undefined;
    const items = [...ctx.reads.listVariables(only)].map((v) => variableItem(v, truncate));
    res.json(
      search(items, req.body, {
        fields: VARIABLE_FIELDS,
        options: ['truncateValues'],
        defaultOrder: byKey('variableKey'),
      }),
    );
  });
  router.get('/variables/:key', (req, res) => {
    const key = pathKey(req.params.key, 'variableKey');
    const variable = [...ctx.reads.listVariables()].find((v) => v.key === key);
    if (!variable) throw notFound(`Variable with key '${key}' not found`);
    res.json(variableItem(variable, false));
  });
  return router;
}
