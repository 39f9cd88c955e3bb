/**
 * `npm run loyalty`: the loyalty service alone, as another team would run it beside Baton. It shares nothing
 * with the app but the broker: it consumes order.completed from its queue on EVENT_BUS_URL (which must be a
 * RabbitMQ URL: the in-process bus does not leave the app's process), keeps its table in its own database
 * (DATABASE_URL, or PGlite under DATA_DIR/loyalty) and answers GET /api/customers/{id}/loyalty on
 * LOYALTY_PORT (default 3001). Run the app with LOYALTY_SERVICE=off so only one of them credits points.
 */
import path from 'node:path';
import express from 'express';
import { errorHandler, notFoundHandler } from '../app/http/error-handler';
import { mountRoute } from '../app/route-spec';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../data';
import { connectAmqpBus } from '../events/amqp-bus';
import { createLogger } from '../logger';
import { loyaltyRoutes } from './loyalty-routes';
import { startLoyaltyService } from './loyalty-service';

const DEFAULT_LOYALTY_PORT = 3001;

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    exitWith(err instanceof ConfigError ? err.message : String(err));
  }
  if (!config.eventBusUrl || config.eventBusUrl === 'off') {
    exitWith(
      'EVENT_BUS_URL must name the RabbitMQ broker the app publishes to (e.g. amqp://guest:guest@localhost:5672)',
    );
  }
  const logger = createLogger({ level: config.logLevel, base: { service: 'loyalty' } });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'loyalty') });
  const bus = await connectAmqpBus({ url: config.eventBusUrl, logger });
  const ledger = await startLoyaltyService({ db, bus, logger });

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  for (const route of loyaltyRoutes({ ledger })) mountRoute(app as unknown as express.Router, route);
  app.use(notFoundHandler);
  app.use(errorHandler);
  const port = config.loyaltyPort ?? DEFAULT_LOYALTY_PORT;
  const server = app.listen(port, () =>
    logger.info(`loyalty service: http://localhost:${port}/api/customers/{id}/loyalty`),
  );

  const stop = () => {
    server.close();
    bus
      .close()
      .then(() => db.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function run(): void {
  main().catch((err) =>
    exitWith(`The loyalty service could not start: ${err instanceof Error ? err.message : String(err)}`),
  );
}

if (require.main === module) run();
