/**
 * `GET /v2/process-instances/{key}/call-hierarchy`: the chain of call activities that led to an instance, from
 * its root instance down to its direct parent, as Camunda 8.8 answers it (a root instance has none), each
 * named by its process definition's name or, without one, its id.
 */
import { Router as createRouter, type Router } from 'express';
import type { ProcessInstanceView } from '../../../engine/engine-api';
import type { RestContext } from '../context';
import { notFound } from '../problem';
import { pathKey } from '../request-schemas';

export function callHierarchyRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.get('/process-instances/:key/call-hierarchy', (req, res) => {
    const key = pathKey(req.params.key, 'processInstanceKey');
    const instance = ctx.reads.getProcessInstance(key);
    if (!instance) throw notFound(`Process instance with key '${key}' not found`);
    const names = new Map([...ctx.reads.listProcessDefinitions()].map((d) => [d.processDefinitionKey, d.name]));
    const callers: ProcessInstanceView[] = [];
    const seen = new Set([key]);
    for (let parentKey = instance.parentProcessInstanceKey; parentKey !== undefined && !seen.has(parentKey); ) {
      seen.add(parentKey);
      const parent = ctx.reads.getProcessInstance(parentKey);
      if (!parent) break; // a caller no longer kept (history retention): the chain ends where the history does
      callers.unshift(parent);
      parentKey = parent.parentProcessInstanceKey;
    }
    res.json(
      callers.map((p) => ({
        processInstanceKey: p.processInstanceKey,
        processDefinitionKey: p.processDefinitionKey,
        processDefinitionName: names.get(p.processDefinitionKey) || p.bpmnProcessId,
      })),
    );
  });
  return router;
}
