/**
 * Process instances: create (optionally awaiting completion), get, search, cancel, the sequence flows an
 * instance took, and its incidents.
 */
import { Router as createRouter, type Router } from 'express';
import { DEFAULT_WITH_RESULT_TIMEOUT_MS } from '../../zeebe-defaults';
import type { RestContext } from '../context';
import { notFound } from '../problem';
import { CreateProcessInstanceBody, OperationReferenceBody, parse, pathKey } from '../request-schemas';
import { search } from '../search';
import { incidentItem, processInstanceItem } from '../views';
import { byKey, INCIDENT_FIELDS } from './incidents';
import { processInstanceRelatedFilters } from './process-instance-filters';

/** what a process instance search may filter and sort on (also the element statistics' filter) */
export const INSTANCE_FIELDS = [
  'processInstanceKey',
  'processDefinitionKey',
  'processDefinitionId',
  'processDefinitionName',
  'processDefinitionVersion',
  'startDate',
  'endDate',
  'state',
  'hasIncident',
  'tenantId',
  'parentProcessInstanceKey',
  'parentElementInstanceKey',
] as const;

export function processInstanceRoutes(ctx: RestContext): Router {
  const router = createRouter();
  const names = () => new Map([...ctx.reads.listProcessDefinitions()].map((d) => [d.processDefinitionKey, d.name]));
  const item = (key: string) => {
    const instance = ctx.reads.getProcessInstance(key);
    if (!instance) throw notFound(`Process instance with key '${key}' not found`);
    return processInstanceItem(instance, names().get(instance.processDefinitionKey));
  };

  router.post('/process-instances', async (req, res) => {
    const body = parse(CreateProcessInstanceBody, req.body);
    const created = ctx.engine.createProcessInstance({
      bpmnProcessId: body.processDefinitionId,
      processDefinitionKey: body.processDefinitionKey,
      version: body.processDefinitionVersion,
      variables: body.variables,
      startInstructions: body.startInstructions,
    });
    await ctx.durable();
    let variables: Record<string, unknown> = {};
    if (body.awaitCompletion) {
      const timeout = body.requestTimeout ? body.requestTimeout : DEFAULT_WITH_RESULT_TIMEOUT_MS;
      variables = await ctx.engine.awaitCompletion(created.processInstanceKey, timeout, body.fetchVariables);
    }
    res.json({
      processDefinitionId: created.bpmnProcessId,
      processDefinitionVersion: created.version,
      processDefinitionKey: created.processDefinitionKey,
      processInstanceKey: created.processInstanceKey,
      tenantId: created.tenantId,
      variables,
    });
  });

  router.get('/process-instances/:key', (req, res) => {
    res.json(item(pathKey(req.params.key, 'processInstanceKey')));
  });

  router.post('/process-instances/search', (req, res) => {
    const definitionNames = names();
    const items = [...ctx.reads.listProcessInstances()].map((p) =>
      processInstanceItem(p, definitionNames.get(p.processDefinitionKey)),
    );
    res.json(
      search(items, req.body, {
        fields: INSTANCE_FIELDS,
        related: processInstanceRelatedFilters(ctx.reads),
        or: true,
        defaultOrder: byKey('processInstanceKey'),
      }),
    );
  });

  router.post('/process-instances/:key/cancellation', async (req, res) => {
    parse(OperationReferenceBody, req.body);
    ctx.engine.cancelProcessInstance(pathKey(req.params.key, 'processInstanceKey'));
    await ctx.durable();
    res.status(204).end();
  });

  router.get('/process-instances/:key/sequence-flows', (req, res) => {
    const key = pathKey(req.params.key, 'processInstanceKey');
    const instance = ctx.reads.getProcessInstance(key);
    // Camunda answers a search by instance key: nothing stored for it is no items, not 404
    const flows = instance ? (ctx.reads.takenSequenceFlows?.(key) ?? []) : [];
    res.json({
      items: flows.map((flowId) => ({
        // Camunda's secondary storage keys a taken flow by instance and flow (SequenceFlowDbModel's id);
        // the BPMN id is elementId
        sequenceFlowId: `${key}_${flowId}`,
        elementId: flowId,
        processInstanceKey: key,
        processDefinitionKey: instance?.processDefinitionKey,
        processDefinitionId: instance?.bpmnProcessId,
        tenantId: instance?.tenantId,
      })),
    });
  });

  router.post('/process-instances/:key/incidents/search', (req, res) => {
    const key = String(item(pathKey(req.params.key, 'processInstanceKey')).processInstanceKey);
    const items = [...ctx.reads.listIncidents()].filter((i) => i.processInstanceKey === key).map(incidentItem);
    res.json(search(items, req.body, { fields: INCIDENT_FIELDS, defaultOrder: byKey('incidentKey') }));
  });

  return router;
}
