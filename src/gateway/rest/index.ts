/**
 * `startRestGateway`: the embedded engine's Camunda 8.8 REST API (`/v2`) on its own port (8080 by
 * default), as Camunda serves it next to Zeebe's gRPC gateway.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import type { EngineApi } from '../../engine/engine-api';
import { secondaryStorage } from '../../engine/secondary-storage';
import { refuseCrossOriginWrites } from '../../engine-security/cross-origin-writes';
import type { GatewaySecurity } from '../../engine-security/gateway-security';
import { requireAuthentication } from '../../engine-security/rest-authentication';
import { engineRestCors, engineRestHeaders } from '../../engine-security/rest-browser-policy';
import { tokenEndpoint } from '../../engine-security/token-endpoint';
import type { RequestLimits } from '../request-limits';
import { sendProblem } from './problem';
import { createRestRouter } from './router';

export { createRestRouter } from './router';

export interface RestGateway {
  port: number;
  close(): Promise<void>;
}

export async function startRestGateway(
  engine: EngineApi,
  opts: {
    port: number;
    /** default 127.0.0.1: only this machine */
    host?: string;
    logger: Logger;
    grpcPort?: number;
    /** browser origins allowed to call it (ENGINE_CORS_ORIGINS); none by default */
    corsOrigins?: readonly string[];
    limits?: RequestLimits;
    /** users and authentication (engine-security/); absent: no authentication, no /v2/users */
    security?: GatewaySecurity;
    /** CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL in ms: searches and GETs see the state of the last flush; 0: live */
    flushIntervalMs?: number;
  },
): Promise<RestGateway> {
  const logger = opts.logger.child({ module: 'rest-gateway' });
  const host = opts.host ?? '127.0.0.1';
  const corsOrigins = opts.corsOrigins ?? [];
  const app = express();
  app.disable('x-powered-by');
  app.use(engineRestHeaders());
  const corsPolicy = engineRestCors(corsOrigins);
  if (corsPolicy) app.use(corsPolicy);
  // before any body is read: a refused multipart deployment is not even parsed
  app.use(
    refuseCrossOriginWrites({
      host,
      corsOrigins,
      refuse: (req, res, detail) => sendProblem(res, 403, 'FORBIDDEN', detail, req.path),
    }),
  );
  const storage = secondaryStorage(engine, opts.flushIntervalMs);
  const rest = createRestRouter(
    engine,
    logger,
    () => ({
      host: host === '0.0.0.0' || host === '::' ? 'localhost' : host,
      port: opts.grpcPort ?? 26500,
    }),
    opts.limits,
    opts.security?.users,
    storage.reads,
  );
  if (opts.security) {
    const { authenticator, tokens, users } = opts.security;
    app.use(tokenEndpoint(authenticator, tokens, users));
    app.use('/v2', requireAuthentication(opts.security));
  }
  app.use('/v2', rest.router);
  app.use((req, res) =>
    sendProblem(res, 404, 'NOT_FOUND', `No endpoint ${req.method} ${req.path}; the API is under /v2`, req.path),
  );
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => {
      storage.close();
      reject(err);
    });
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.debug({ port }, 'REST gateway listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        rest.endLongPolls();
        storage.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
