/**
 * Zeebe's management port (ZEEBE_MANAGEMENT_PORT, 9600): the actuator health groups and the Prometheus
 * metrics, unauthenticated as Zeebe serves them, on ENGINE_HOST (loopback by default) like the other ports.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { EngineApi } from '../../engine/engine-api';
import type { EngineMetrics } from './engine-metrics';
import { healthAt } from './health';

const ACTUATOR_JSON = 'application/vnd.spring-boot.actuator.v3+json';

export interface ManagementServer {
  port: number;
  close(): Promise<void>;
}

export async function startManagementServer(
  engine: EngineApi,
  metrics: EngineMetrics,
  opts: { port: number; host?: string; logger: Logger },
): Promise<ManagementServer> {
  const logger = opts.logger.child({ module: 'management' });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/actuator/prometheus') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (err: unknown) => {
          logger.error({ err }, 'metrics could not be collected');
          res.writeHead(500).end();
        },
      );
      return;
    }
    const health = healthAt(path, engine);
    if (!health) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 404, path }));
      return;
    }
    res.writeHead(health.httpStatus, { 'content-type': ACTUATOR_JSON }).end(JSON.stringify(health.body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
