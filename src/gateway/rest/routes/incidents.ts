/** Incidents: search, get, and resolution (the job, with retries left, becomes activatable again). */
import { Router as createRouter, type Router } from 'express';
import type { RestContext } from '../context';
import { notFound } from '../problem';
import { OperationReferenceBody, parse, pathKey } from '../request-schemas';
import { search } from '../search';
import { incidentItem } from '../views';

export const INCIDENT_FIELDS = [
  'incidentKey',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'elementId',
  'elementInstanceKey',
  'errorType',
  'errorMessage',
  'state',
  'creationTime',
  'jobKey',
  'tenantId',
] as const;

/** Default order of search results: by key, which is creation order. */
export const byKey =
  (field: string) =>
  (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    const x = BigInt(String(a[field] ?? 0));
    const y = BigInt(String(b[field] ?? 0));
    return x < y ? -1 : x > y ? 1 : 0;
  };

export function incidentRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.post('/incidents/search', (req, res) => {
    const items = [...ctx.reads.listIncidents()].map(incidentItem);
    res.json(search(items, req.body, { fields: INCIDENT_FIELDS, defaultOrder: byKey('incidentKey') }));
  });
  router.get('/incidents/:key', (req, res) => {
    const key = pathKey(req.params.key, 'incidentKey');
    const incident = [...ctx.reads.listIncidents()].find((i) => i.key === key);
    if (!incident) throw notFound(`Incident with key '${key}' not found`);
    res.json(incidentItem(incident));
  });
  router.post('/incidents/:key/resolution', async (req, res) => {
    parse(OperationReferenceBody, req.body);
    ctx.engine.resolveIncident(pathKey(req.params.key, 'incidentKey'));
    await ctx.durable();
    res.status(204).end();
  });
  return router;
}
