/**
 * Stage events and the services that listen to them (issue 24): the bus, the publisher that moves stage
 * events from the outbox table to it, the embedded loyalty service (unless LOYALTY_SERVICE=off) and the
 * inbound correlations. Returns the API routes they add. Stopped before the database closes, the publisher
 * first so nothing is half-published when the bus closes.
 */
import type { Logger } from 'pino';
import type { ProcessCommands } from '../app/process-commands/process-commands';
import type { RouteSpec } from '../app/route-spec';
import type { Config } from '../config';
import type { Database } from '../data/database';
import type { EventBus } from '../events/event-bus';
import { eventRoutes } from '../events/event-routes';
import { startInboundCorrelations } from '../events/inbound-correlations';
import { type StageEventPublisher, startStageEventPublisher } from '../events/stage-event-publisher';
import { openEventBus } from '../events/start-event-bus';
import { createLoyaltyLedger } from '../loyalty/loyalty-ledger';
import { loyaltyRoutes } from '../loyalty/loyalty-routes';
import { startLoyaltyService } from '../loyalty/loyalty-service';
import type { StartedParts } from './shutdown';

export interface StartedEvents {
  bus?: EventBus;
  publisher?: StageEventPublisher;
  routes: RouteSpec[];
}

export async function startEvents(
  options: {
    config: Pick<Config, 'eventBusUrl' | 'loyaltyService'>;
    db: Database;
    processes: Pick<ProcessCommands, 'publishMessage'>;
    logger: Logger;
  },
  parts: StartedParts,
): Promise<StartedEvents> {
  const { config, db, processes } = options;
  const logger = options.logger.child({ module: 'events' });
  const bus = await openEventBus(config.eventBusUrl, logger);
  const routes = eventRoutes({ db, bus });
  if (config.loyaltyService !== 'off') {
    const ledger = bus
      ? await startLoyaltyService({ db, bus, logger: logger.child({ service: 'loyalty' }) })
      : createLoyaltyLedger(db);
    routes.push(...loyaltyRoutes({ ledger }));
  }
  if (!bus) {
    logger.info('stage events are logged, not published (EVENT_BUS_URL=off)');
    return { routes };
  }
  parts.add('event bus', () => bus.close());
  await startInboundCorrelations({ bus, processes, logger });
  const publisher = startStageEventPublisher({ db, bus, logger });
  parts.add('stage event publisher', () => publisher.stop());
  logger.info(`stage events are published to ${bus.description}`);
  return { bus, publisher, routes };
}
