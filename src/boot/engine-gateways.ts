/**
 * The one place that puts gateways in front of an engine: Zeebe's gRPC gateway and, when a port is asked for,
 * the Camunda 8.8 REST API. `npm start`, `npm run engine` and the test fixture (test/support/engine.ts) use it.
 */
import type { Logger } from 'pino';
import type { EngineApi } from '../engine/engine-api';
import type { GatewaySecurity } from '../engine-security/gateway-security';
import { startGrpcGateway } from '../gateway/grpc/server';
import { type ManagementServer, startManagementServer } from '../gateway/management';
import { meteringOf } from '../gateway/management/metered-engine';
import type { RequestLimits } from '../gateway/request-limits';
import { type RestGateway, startRestGateway } from '../gateway/rest';

export interface EngineServicesOptions {
  /** 0 picks a free port */
  grpcPort: number;
  /** 0 picks a free port; undefined: no REST gateway */
  restPort?: number;
  /** Zeebe's management port (health, Prometheus metrics); 0 picks a free port; undefined: none */
  managementPort?: number;
  /** interface both ports listen on (ENGINE_HOST); default 127.0.0.1 */
  host?: string;
  logger: Logger;
  maxInFlight?: number;
  /** request size limits of both gateways (absent: Camunda's defaults) */
  limits?: RequestLimits;
  /** browser origins the REST port allows (ENGINE_CORS_ORIGINS); none by default */
  corsOrigins?: readonly string[];
  /** users and authentication (engine-security/); absent: no authentication, no /v2/users */
  security?: GatewaySecurity;
  /** CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL in ms: REST reads lag by up to this (engine/secondary-storage.ts) */
  flushIntervalMs?: number;
}

export interface EngineServices {
  grpcPort: number;
  /** undefined when no REST port was asked for */
  restPort?: number;
  /** undefined when no management port was asked for */
  managementPort?: number;
  /** Stops the gateways (not the engine). */
  close(): Promise<void>;
}

export async function startEngineServices(unmetered: EngineApi, opts: EngineServicesOptions): Promise<EngineServices> {
  // the gateways' commands are counted for the management port's metrics
  const { metrics, engine } = meteringOf(unmetered);
  const grpc = await startGrpcGateway(engine, {
    port: opts.grpcPort,
    host: opts.host,
    logger: opts.logger,
    maxInFlight: opts.maxInFlight,
    maxMessageSize: opts.limits?.maxMessageSize,
    security: opts.security,
  });
  let rest: RestGateway | undefined;
  if (opts.restPort !== undefined) {
    try {
      rest = await startRestGateway(engine, {
        port: opts.restPort,
        host: opts.host,
        logger: opts.logger,
        grpcPort: grpc.port,
        limits: opts.limits,
        corsOrigins: opts.corsOrigins,
        security: opts.security,
        flushIntervalMs: opts.flushIntervalMs,
      });
    } catch (err) {
      await grpc.close();
      throw err;
    }
  }
  let management: ManagementServer | undefined;
  if (opts.managementPort !== undefined) {
    try {
      management = await startManagementServer(engine, metrics, {
        port: opts.managementPort,
        host: opts.host,
        logger: opts.logger,
      });
    } catch (err) {
      await Promise.all([grpc.close(), rest?.close()]);
      throw err;
    }
  }
  return {
    grpcPort: grpc.port,
    restPort: rest?.port,
    managementPort: management?.port,
    close: async () => {
      await Promise.all([grpc.close(), rest?.close(), management?.close()]);
    },
  };
}
