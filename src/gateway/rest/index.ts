/**
 * `startRestGateway`: the embedded engine's Camunda 8.8 REST API (`/v2`) on its own port (8080 by
 * default), as Camunda serves it next to Zeebe's gRPC gateway.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import type { EngineApi } from '../../engine/engine-api';
import type { GatewaySecurity } from '../../engine-security/gateway-security';
import { requireAuthentication } from '../../engine-security/rest-authentication';
import { tokenEndpoint } from '../../engine-security/token-endpoint';
import { sendProblem } from './problem';
import { createRestRouter } from './router';

export { createRestRouter } from './router';

export interface RestGateway {
  port: number;
  close(): Promise<void>;
}

export async function startRestGateway(
  engine: EngineApi,
  opts: { port: number; host?: string; logger: Logger; grpcPort?: number; security?: GatewaySecurity },
): Promise<RestGateway> {
  const logger = opts.logger.child({ module: 'rest-gateway' });
  const app = express();
  app.disable('x-powered-by');
  const rest = createRestRouter(
    engine,
    logger,
    () => ({ host: opts.host ?? 'localhost', port: opts.grpcPort ?? 26500 }),
    opts.security?.users,
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
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.debug({ port }, 'REST gateway listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        rest.endLongPolls();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
