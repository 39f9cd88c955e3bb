/** Messages (publication with buffering, correlation without) and signals. */
import { Router as createRouter, type Router } from 'express';
import type { RestContext } from '../context';
import { MessageCorrelationBody, MessagePublicationBody, parse, SignalBroadcastBody } from '../request-schemas';

const TENANT = '<default>';

export function messageRoutes(ctx: RestContext): Router {
  const router = createRouter();
  router.post('/messages/publication', async (req, res) => {
    const body = parse(MessagePublicationBody, req.body);
    const { key } = ctx.engine.publishMessage({
      name: body.name,
      correlationKey: body.correlationKey ?? '',
      timeToLive: body.timeToLive ?? 0,
      messageId: body.messageId,
      variables: body.variables,
    });
    await ctx.durable();
    res.json({ messageKey: key, tenantId: TENANT });
  });
  router.post('/messages/correlation', async (req, res) => {
    const body = parse(MessageCorrelationBody, req.body);
    const result = ctx.engine.correlateMessage(body.name, body.correlationKey ?? '', body.variables);
    await ctx.durable();
    res.json({ messageKey: result.key, processInstanceKey: result.processInstanceKey, tenantId: TENANT });
  });
  router.post('/signals/broadcast', async (req, res) => {
    const body = parse(SignalBroadcastBody, req.body);
    const { key } = ctx.engine.broadcastSignal(body.signalName, body.variables);
    await ctx.durable();
    res.json({ signalKey: key, tenantId: TENANT });
  });
  return router;
}
