/** PublishMessage and BroadcastSignal: events correlated by the engine, answered with their record key. */
import type { GatewayContext } from '../context';
import { DEFAULT_TENANT, int64ToNumber, parseDocument, requireDefaultTenant } from '../conversions';
import type * as M from '../proto-types';
import type { UnaryHandler } from '../unary-handlers';

export function messageAndSignalHandlers({ engine }: GatewayContext): Record<string, UnaryHandler> {
  return {
    PublishMessage: {
      intent: 'PUBLISH',
      handle: (req: M.PublishMessageRequest) => {
        requireDefaultTenant('PublishMessage', req.tenantId);
        const { key } = engine.publishMessage({
          name: req.name,
          correlationKey: req.correlationKey,
          timeToLive: int64ToNumber(req.timeToLive),
          messageId: req.messageId || undefined,
          variables: parseDocument('variables', req.variables),
        });
        return { key, tenantId: DEFAULT_TENANT };
      },
    },

    BroadcastSignal: {
      intent: 'BROADCAST',
      handle: (req: M.BroadcastSignalRequest) => {
        requireDefaultTenant('BroadcastSignal', req.tenantId);
        const { key } = engine.broadcastSignal(req.signalName, parseDocument('variables', req.variables));
        return { key, tenantId: DEFAULT_TENANT };
      },
    },
  };
}
