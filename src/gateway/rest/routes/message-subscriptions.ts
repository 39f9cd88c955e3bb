/**
 * `POST /v2/message-subscriptions/search` and `POST /v2/correlated-message-subscriptions/search` (Camunda 8.8):
 * the process message subscriptions with their latest state, and the messages correlated to them, from the
 * engine's bounded subscription log (engine/runtime/message-subscription-log.ts).
 */
import { Router as createRouter, type Router } from 'express';
import type { RestContext } from '../context';
import { search } from '../search';
import { byKey } from './incidents';

const SUBSCRIPTION_FIELDS = [
  'messageSubscriptionKey',
  'processDefinitionId',
  'processInstanceKey',
  'elementId',
  'elementInstanceKey',
  'messageSubscriptionState',
  'lastUpdatedDate',
  'messageName',
  'correlationKey',
  'tenantId',
] as const;

const CORRELATION_FIELDS = [
  'correlationKey',
  'correlationTime',
  'elementId',
  'elementInstanceKey',
  'messageKey',
  'messageName',
  'partitionId',
  'processDefinitionId',
  'processDefinitionKey',
  'processInstanceKey',
  'subscriptionKey',
  'tenantId',
] as const;

const iso = (ms: number) => new Date(ms).toISOString();

export function messageSubscriptionRoutes(ctx: RestContext): Router {
  const router = createRouter();

  router.post('/message-subscriptions/search', (req, res) => {
    const items = [...(ctx.engine.listMessageSubscriptions?.() ?? [])].map((s) => ({
      ...s,
      lastUpdatedDate: iso(s.lastUpdatedDate),
    }));
    res.json(search(items, req.body, { fields: SUBSCRIPTION_FIELDS, defaultOrder: byKey('messageSubscriptionKey') }));
  });

  router.post('/correlated-message-subscriptions/search', (req, res) => {
    const items = [...(ctx.engine.listCorrelatedMessageSubscriptions?.() ?? [])].map((c) => ({
      ...c,
      correlationTime: iso(c.correlationTime),
      partitionId: 1,
    }));
    // (in correlation order, which is the order they are kept in)
    res.json(search(items, req.body, { fields: CORRELATION_FIELDS }));
  });

  return router;
}
