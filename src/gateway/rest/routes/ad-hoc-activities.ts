/** Camunda 8.8's `POST /v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation`. */
import { Router as createRouter, type Router } from 'express';
import { z } from 'zod';
import type { RestContext } from '../context';
import { parse } from '../request-schemas';

/** AdHocSubProcessActivateActivitiesInstruction */
const ActivationBody = z.strictObject({
  elements: z
    .array(z.strictObject({ elementId: z.string().min(1), variables: z.record(z.string(), z.unknown()).optional() }))
    .min(1),
  cancelRemainingInstances: z.boolean().optional(),
});
const InstanceKey = z.string().regex(/^\d+$/, 'must be a numeric key');

export function adHocActivityRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.post('/element-instances/ad-hoc-activities/:adHocSubProcessInstanceKey/activation', async (req, res) => {
    const key = parse(z.object({ adHocSubProcessInstanceKey: InstanceKey }), req.params).adHocSubProcessInstanceKey;
    const body = parse(ActivationBody, req.body);
    ctx.engine.activateAdHocActivities(key, body.elements, body.cancelRemainingInstances);
    await ctx.durable();
    res.status(204).end();
  });
  return router;
}
