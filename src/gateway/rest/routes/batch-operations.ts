/**
 * Batch operations (Camunda 8.8): created over a process instance filter (`POST /process-instances/cancellation`,
 * `/incident-resolution`, `/migration`, `/modification`), answered with the batch key at once and applied by the
 * engine in the background (engine/batch/); `/batch-operations` search, get, suspension, resumption and
 * cancellation; `/batch-operation-items/search`. The filter is resolved into items when the batch is created, on
 * what searches read, as Camunda resolves it on its secondary storage.
 */
import { Router as createRouter, type Router } from 'express';
import { z } from 'zod';
import type { BatchItemInput, BatchOperationType, BatchOperationView } from '../../../engine/batch/batch-operation';
import type { EngineApi } from '../../../engine/engine-api';
import { compareKeys } from '../../../engine/keys';
import type { RestContext } from '../context';
import { notFound, RestProblem } from '../problem';
import { parse, pathKey } from '../request-schemas';
import { itemPredicate, search } from '../search';
import { processInstanceItem } from '../views';
import { byKey } from './incidents';
import { processInstanceRelatedFilters } from './process-instance-filters';
import { INSTANCE_FIELDS } from './process-instances';

const Filter = z.record(z.string(), z.unknown());
const CancellationBody = z.strictObject({ filter: Filter });
const ResolutionBody = z.strictObject({ filter: Filter.optional() }).nullable().optional();
const MigrationBody = z.strictObject({
  filter: Filter,
  migrationPlan: z.strictObject({
    targetProcessDefinitionKey: z.string(),
    mappingInstructions: z.array(z.strictObject({ sourceElementId: z.string(), targetElementId: z.string() })),
  }),
});
const ModificationBody = z.strictObject({
  filter: Filter,
  moveInstructions: z.array(z.strictObject({ sourceElementId: z.string(), targetElementId: z.string() })),
});

const BATCH_FIELDS = ['batchOperationKey', 'operationType', 'state', 'startDate', 'endDate'] as const;
const ITEM_FIELDS = ['batchOperationKey', 'itemKey', 'processInstanceKey', 'state'] as const;

const iso = (ms: number) => new Date(ms).toISOString();

/** Process instances a batch's filter is tested on per turn of the event loop while it is resolved. */
const RESOLVE_CHUNK = 500;

type BatchEngine = Required<
  Pick<
    EngineApi,
    | 'createBatchOperation'
    | 'suspendBatchOperation'
    | 'resumeBatchOperation'
    | 'cancelBatchOperation'
    | 'listBatchOperations'
    | 'listBatchOperationItems'
  >
>;

function batchEngine(engine: EngineApi): BatchEngine {
  if (!engine.createBatchOperation || !engine.listBatchOperations || !engine.listBatchOperationItems)
    throw new RestProblem(501, 'UNIMPLEMENTED', 'This engine has no batch operations');
  return engine as BatchEngine;
}

function batchItem(b: BatchOperationView) {
  return {
    batchOperationKey: b.batchOperationKey,
    batchOperationType: b.batchOperationType,
    state: b.state,
    startDate: iso(b.startDate),
    ...(b.endDate === undefined ? {} : { endDate: iso(b.endDate) }),
    operationsTotalCount: b.operationsTotalCount,
    operationsCompletedCount: b.operationsCompletedCount,
    operationsFailedCount: b.operationsFailedCount,
    errors: [],
  };
}

export function batchOperationRoutes(ctx: RestContext): Router {
  const router = createRouter();

  /**
   * The active process instances a filter matches, as the process instance search matches them, in key order.
   * Resolved a chunk at a time with a turn of the event loop between chunks, so that resolving a filter over
   * many instances does not hold up the requests that arrive meanwhile (the filter is compiled, and rejected
   * when it is bad, before the first turn).
   */
  const activeInstances = async (filter: unknown, rootsOnly = false): Promise<BatchItemInput[]> => {
    const matches = itemPredicate(filter ?? {}, {
      fields: INSTANCE_FIELDS,
      related: processInstanceRelatedFilters(ctx.reads),
      or: true,
    });
    const names = new Map([...ctx.reads.listProcessDefinitions()].map((d) => [d.processDefinitionKey, d.name]));
    const keys: string[] = [];
    let inChunk = 0;
    for (const p of ctx.reads.listProcessInstances()) {
      // as Zeebe's ItemProviderFactory narrows the filter: active instances only, and for a cancellation only
      // roots (a called instance ends with its root)
      if (p.state === 'ACTIVE' && !(rootsOnly && p.parentProcessInstanceKey)) {
        if (matches(processInstanceItem(p, names.get(p.processDefinitionKey)))) keys.push(p.processInstanceKey);
      }
      if (++inChunk === RESOLVE_CHUNK) {
        inChunk = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return keys.sort(compareKeys).map((key) => ({ itemKey: key, processInstanceKey: key }));
  };

  const create = async (type: BatchOperationType, items: BatchItemInput[], payload?: unknown) => {
    const created = batchEngine(ctx.engine).createBatchOperation(type, items, payload);
    await ctx.durable();
    return created;
  };

  router.post('/process-instances/cancellation', async (req, res) => {
    const body = parse(CancellationBody, req.body);
    res.json(await create('CANCEL_PROCESS_INSTANCE', await activeInstances(body.filter, true)));
  });

  router.post('/process-instances/incident-resolution', async (req, res) => {
    const body = parse(ResolutionBody, req.body);
    const instances = new Set((await activeInstances(body?.filter)).map((i) => i.processInstanceKey));
    const incidents = [...ctx.reads.listIncidents()]
      .filter((i) => i.state === 'ACTIVE' && instances.has(i.processInstanceKey))
      .sort((a, b) => byKey('key')(a as never, b as never))
      .map((i) => ({ itemKey: i.key, processInstanceKey: i.processInstanceKey }));
    res.json(await create('RESOLVE_INCIDENT', incidents));
  });

  router.post('/process-instances/migration', async (req, res) => {
    const body = parse(MigrationBody, req.body);
    res.json(await create('MIGRATE_PROCESS_INSTANCE', await activeInstances(body.filter), body.migrationPlan));
  });

  router.post('/process-instances/modification', async (req, res) => {
    const body = parse(ModificationBody, req.body);
    res.json(await create('MODIFY_PROCESS_INSTANCE', await activeInstances(body.filter), body.moveInstructions));
  });

  router.post('/batch-operations/search', (req, res) => {
    // (8.8 filters and sorts on operationType, which its result names batchOperationType)
    const items = [...batchEngine(ctx.engine).listBatchOperations()].map((b) => ({
      ...batchItem(b),
      operationType: b.batchOperationType,
    }));
    const found = search(items, req.body, { fields: BATCH_FIELDS, defaultOrder: byKey('batchOperationKey') });
    res.json({ ...found, items: found.items.map(({ operationType: _type, ...item }) => item) });
  });

  router.get('/batch-operations/:key', (req, res) => {
    const key = pathKey(req.params.key, 'batchOperationKey');
    const batch = [...batchEngine(ctx.engine).listBatchOperations()].find((b) => b.batchOperationKey === key);
    if (!batch) throw notFound(`Batch operation with key '${key}' not found`);
    res.json(batchItem(batch));
  });

  const lifecycle = (action: 'suspension' | 'resumption' | 'cancellation') =>
    router.post(`/batch-operations/:key/${action}`, async (req, res) => {
      const key = pathKey(req.params.key, 'batchOperationKey');
      const engine = batchEngine(ctx.engine);
      if (action === 'suspension') engine.suspendBatchOperation(key);
      else if (action === 'resumption') engine.resumeBatchOperation(key);
      else engine.cancelBatchOperation(key);
      await ctx.durable();
      res.status(204).end();
    });
  lifecycle('suspension');
  lifecycle('resumption');
  lifecycle('cancellation');

  router.post('/batch-operation-items/search', (req, res) => {
    const items = [...batchEngine(ctx.engine).listBatchOperationItems()].map((i) => ({
      operationType: i.operationType,
      batchOperationKey: i.batchOperationKey,
      itemKey: i.itemKey,
      processInstanceKey: i.processInstanceKey,
      state: i.state,
      ...(i.processedDate === undefined ? {} : { processedDate: iso(i.processedDate) }),
      ...(i.errorMessage === undefined ? {} : { errorMessage: i.errorMessage }),
    }));
    res.json(
      search(items, req.body, {
        fields: ITEM_FIELDS,
        defaultOrder: (a, b) => byKey('batchOperationKey')(a, b) || byKey('itemKey')(a, b),
      }),
    );
  });

  return router;
}
