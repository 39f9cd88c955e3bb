/**
 * Operations on one running instance, as Operate runs them: `POST /process-instances/{key}/modification`
 * (activate elements, terminate element instances) and `.../migration` (to another process definition).
 * Camunda 8.8 has no per-instance `moveInstructions` (only its batch modification does): a move is a terminate
 * and an activate instruction in one request.
 */
import type {
  ProcessInstanceMigrationInstruction,
  ProcessInstanceModificationInstruction,
} from '@camunda8/orchestration-cluster-api';
import { Router as createRouter, type Router } from 'express';
import { z } from 'zod';
import { EngineError } from '../../../engine/errors';
import type { RestContext } from '../context';
import { parse, pathKey, type Unbranded } from '../request-schemas';

const key = z.union([z.string().regex(/^-?\d+$/, 'must be a numeric key'), z.number().int()]).transform(String);
const elementId = z.string().min(1);

const ModificationBody = z.strictObject({
  operationReference: z.number().int().optional(),
  activateInstructions: z
    .array(
      z.strictObject({
        elementId,
        ancestorElementInstanceKey: key.optional(),
        variableInstructions: z
          .array(z.strictObject({ variables: z.record(z.string(), z.unknown()), scopeId: z.string().optional() }))
          .optional(),
      }),
    )
    .optional(),
  terminateInstructions: z.array(z.strictObject({ elementInstanceKey: key })).optional(),
}) satisfies z.ZodType<Unbranded<ProcessInstanceModificationInstruction>>;

const MigrationBody = z.strictObject({
  operationReference: z.number().int().optional(),
  targetProcessDefinitionKey: key,
  mappingInstructions: z.array(z.strictObject({ sourceElementId: elementId, targetElementId: elementId })),
}) satisfies z.ZodType<Unbranded<ProcessInstanceMigrationInstruction>>;

export function processInstanceOperationRoutes(ctx: RestContext): Router {
  const router = createRouter();
  const engine = ctx.engine;
  const unimplemented = (what: string) => new EngineError('UNIMPLEMENTED', `${what} is not served by this engine`);

  router.post('/process-instances/:key/modification', async (req, res) => {
    const processInstanceKey = pathKey(req.params.key, 'processInstanceKey');
    const body = parse(ModificationBody, req.body);
    if (!engine.modifyProcessInstance) throw unimplemented('Process instance modification');
    engine.modifyProcessInstance({
      processInstanceKey,
      activateInstructions: body.activateInstructions,
      terminateInstructions: body.terminateInstructions,
    });
    await ctx.durable();
    res.status(204).end();
  });

  router.post('/process-instances/:key/migration', async (req, res) => {
    const processInstanceKey = pathKey(req.params.key, 'processInstanceKey');
    const body = parse(MigrationBody, req.body);
    if (!engine.migrateProcessInstance) throw unimplemented('Process instance migration');
    engine.migrateProcessInstance({
      processInstanceKey,
      migrationPlan: {
        targetProcessDefinitionKey: body.targetProcessDefinitionKey,
        mappingInstructions: body.mappingInstructions,
      },
    });
    await ctx.durable();
    res.status(204).end();
  });

  return router;
}
