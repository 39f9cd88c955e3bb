/**
 * Element statistics, the numbers Operate draws on a diagram: per element id, how many of its instances are
 * active, have an incident, completed or were canceled. Of one process instance
 * (`GET /v2/process-instances/{key}/statistics/element-instances`), or of every instance of a process
 * definition that a process instance search `filter` matches
 * (`POST /v2/process-definitions/{key}/statistics/element-instances`). As in Camunda, an active element
 * instance with an incident counts under `incidents`, not `active`, and the process itself is not an element.
 */
import { Router as createRouter, type Router } from 'express';
import type { ElementInstanceView } from '../../../engine/engine-api';
import type { RestContext } from '../context';
import { badRequest } from '../problem';
import { pathKey } from '../request-schemas';
import { filterItems } from '../search';
import { processInstanceItem } from '../views';
import { processInstanceRelatedFilters } from './process-instance-filters';
import { INSTANCE_FIELDS } from './process-instances';

export interface ElementStatistics {
  elementId: string;
  active: number;
  canceled: number;
  incidents: number;
  completed: number;
}

/** Counts element instances by element id, in the order the elements were first seen. */
export function elementStatistics(elements: Iterable<ElementInstanceView>): ElementStatistics[] {
  const byId = new Map<string, ElementStatistics>();
  for (const element of elements) {
    if (element.type === 'PROCESS') continue;
    let entry = byId.get(element.elementId);
    if (!entry) {
      entry = { elementId: element.elementId, active: 0, canceled: 0, incidents: 0, completed: 0 };
      byId.set(element.elementId, entry);
    }
    if (element.state === 'COMPLETED') entry.completed++;
    else if (element.state === 'TERMINATED') entry.canceled++;
    else if (element.incidentKey !== undefined) entry.incidents++;
    else entry.active++;
  }
  return [...byId.values()];
}

export function elementStatisticsRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.get('/process-instances/:key/statistics/element-instances', (req, res) => {
    const key = pathKey(req.params.key, 'processInstanceKey');
    // a statistics search by instance key: nothing stored for it is no items, as Camunda answers
    res.json({ items: elementStatistics(ctx.reads.listElementInstances(key)) });
  });
  router.post('/process-definitions/:key/statistics/element-instances', (req, res) => {
    const key = pathKey(req.params.key, 'processDefinitionKey');
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be an object');
    for (const property of Object.keys(body))
      if (property !== 'filter') throw badRequest(`Unknown property '${property}' in the request; expected filter`);
    const instances = [...ctx.reads.listProcessInstances()]
      .filter((p) => p.processDefinitionKey === key)
      .map((p) => processInstanceItem(p));
    const matched = filterItems(instances, body.filter, {
      fields: INSTANCE_FIELDS,
      related: processInstanceRelatedFilters(ctx.reads),
      or: true,
    });
    const elements = matched.flatMap((p) => [...ctx.reads.listElementInstances(String(p.processInstanceKey))]);
    res.json({ items: elementStatistics(elements) });
  });
  return router;
}
