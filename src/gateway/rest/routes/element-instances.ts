/** Element instances (search, get) and their variables (`PUT /v2/element-instances/{key}/variables`). */
import { Router as createRouter, type Router } from 'express';
import type { ElementInstanceView } from '../../../engine/engine-api';
import type { RestContext } from '../context';
import { notFound } from '../problem';
import { parse, pathKey, SetVariablesBody } from '../request-schemas';
import { search } from '../search';
import { elementInstanceItem } from '../views';
import { byKey } from './incidents';

const ELEMENT_FIELDS = [
  'elementInstanceKey',
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'elementId',
  'elementName',
  'type',
  'state',
  'hasIncident',
  'incidentKey',
  'startDate',
  'endDate',
  'elementInstanceScopeKey',
  'tenantId',
] as const;

/**
 * The element instances Camunda's secondary storage holds: never the process itself (its exporters skip
 * PROCESS records; the instance's state is on GET /v2/process-instances/{key}).
 */
function* storedElementInstances(ctx: RestContext, processInstanceKey?: string): Iterable<ElementInstanceView> {
  for (const element of ctx.reads.listElementInstances(processInstanceKey)) {
    if (element.type !== 'PROCESS') yield element;
  }
}

export function elementInstanceRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.post('/element-instances/search', (req, res) => {
    const filter = (req.body as { filter?: { processInstanceKey?: unknown } } | undefined)?.filter;
    const only = typeof filter?.processInstanceKey === 'string' ? filter.processInstanceKey : undefined;
    const views = [...storedElementInstances(ctx, only)];
    const items = views.map(elementInstanceItem);
    res.json(
      search(items, req.body, {
        fields: ELEMENT_FIELDS,
        defaultOrder: isEndDateSort(req.body) ? endOrder(views) : byKey('elementInstanceKey'),
      }),
    );
  });
  router.get('/element-instances/:key', (req, res) => {
    const key = pathKey(req.params.key, 'elementInstanceKey');
    const element = [...storedElementInstances(ctx)].find((e) => e.key === key);
    if (!element) throw notFound(`Element instance with key '${key}' not found`);
    res.json(elementInstanceItem(element));
  });
  router.put('/element-instances/:key/variables', async (req, res) => {
    const body = parse(SetVariablesBody, req.body);
    ctx.engine.setVariables(pathKey(req.params.key, 'elementInstanceKey'), body.variables, body.local ?? false);
    await ctx.durable();
    res.status(204).end();
  });
  return router;
}

/**
 * Elements that ended in the same millisecond keep the order they ended in (the engine's completion counter,
 * not a field of the answer), so a client reading a path by endDate reads it in order; the key breaks the rest.
 */
function endOrder(views: ElementInstanceView[]) {
  const ended = new Map(views.map((v) => [v.key, v.endSequence ?? Number.MAX_SAFE_INTEGER]));
  const sequence = (item: Record<string, unknown>) => ended.get(item.elementInstanceKey as string) ?? 0;
  return (a: Record<string, unknown>, b: Record<string, unknown>) =>
    sequence(a) - sequence(b) || byKey('elementInstanceKey')(a, b);
}

function isEndDateSort(body: unknown): boolean {
  const sort = (body as { sort?: unknown } | undefined)?.sort;
  return Array.isArray(sort) && sort.some((s) => (s as { field?: unknown })?.field === 'endDate');
}
