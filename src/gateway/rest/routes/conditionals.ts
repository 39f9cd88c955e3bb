/**
 * Camunda 8.9's `POST /v2/conditionals/evaluation` (not in the 8.8 API this gateway otherwise serves): root-level
 * conditional start events evaluated with the given variables, an instance started at each true one.
 */
import { Router as createRouter, type Router } from 'express';
import { z } from 'zod';
import type { RestContext } from '../context';
import { parse } from '../request-schemas';

const TENANT = '<default>';

/** The 8.9 ConditionalEvaluationInstruction: variables (required), a process definition key, a tenant. */
const ConditionalEvaluationBody = z.strictObject({
  variables: z.record(z.string(), z.unknown()),
  processDefinitionKey: z.string().regex(/^\d+$/, 'must be a process definition key (digits)').optional(),
  tenantId: z.string().optional(),
});

export function conditionalRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.post('/conditionals/evaluation', async (req, res) => {
    const body = parse(ConditionalEvaluationBody, req.body);
    const result = ctx.engine.evaluateConditionals(body.variables, body.processDefinitionKey);
    await ctx.durable();
    res.json({
      conditionalEvaluationKey: result.key,
      tenantId: body.tenantId ?? TENANT,
      processInstances: result.processInstances,
    });
  });
  return router;
}
