/**
 * `npm run engine`: the embedded Zeebe-compatible engine on its own, behind Zeebe's gRPC gateway
 * (ZEEBE_GATEWAY_PORT, default 26500) and the Camunda 8.8 REST API (ZEEBE_REST_PORT, default 8080), both on
 * ENGINE_HOST (default 127.0.0.1), so any Zeebe client (the SDK, zbctl) on this machine can use it.
 * ENGINE_DATA=memory keeps state in memory; otherwise it is journaled under ENGINE_DATA (default
 * DATA_DIR/engine). Stops cleanly on SIGINT/SIGTERM.
 *
 * `startEngineServices` is the one place that puts gateways in front of an engine; the test fixture
 * (test/support/engine.ts) uses it too.
 */
import type { Logger } from 'pino';
import { assertPortFree, PortInUseError } from './app/ports';
import { ConfigError, loadConfig } from './config';
import { DirectoryInUseError } from './dir-lock';
import type { EngineApi } from './engine/engine-api';
import { engineFromConfig } from './engine/engine-from-config';
import { noRoomMessage } from './engine/journal/disk-full';
import { engineGatewaySecurity, type GatewaySecurity } from './engine-security/gateway-security';
import { startGrpcGateway } from './gateway/grpc/server';
import type { RequestLimits } from './gateway/request-limits';
import { type RestGateway, startRestGateway } from './gateway/rest';
import { createLogger } from './logger';

export interface EngineServicesOptions {
  /** 0 picks a free port */
  grpcPort: number;
  /** 0 picks a free port; undefined: no REST gateway */
  restPort?: number;
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
  /** Stops the gateways (not the engine). */
  close(): Promise<void>;
}

export async function startEngineServices(engine: EngineApi, opts: EngineServicesOptions): Promise<EngineServices> {
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
  return {
    grpcPort: grpc.port,
    restPort: rest?.port,
    close: async () => {
      await Promise.all([grpc.close(), rest?.close()]);
    },
  };
}

/** How to reach an address from this machine: a wildcard by loopback, an IPv6 literal in brackets. */
export function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, but was '${raw}'`);
  }
  return port;
}

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, base: { service: 'baton-engine' } });
  const grpcPort = portFromEnv('ZEEBE_GATEWAY_PORT', 26500);
  const restPort = portFromEnv('ZEEBE_REST_PORT', 8080);
  // loopback unless ENGINE_HOST says otherwise; loadConfig has refused an unguarded exposure already
  const { host, corsOrigins } = config.engineSecurity;
  const inMemory = config.engineData === 'memory';
  // before the journal is opened: a taken port changes nothing on disk
  await assertPortFree(grpcPort, host, 'the engine’s gRPC gateway', 'ZEEBE_GATEWAY_PORT');
  await assertPortFree(restPort, host, 'the engine’s REST API', 'ZEEBE_REST_PORT');
  const engine = await engineFromConfig(config, logger);
  const security = await engineGatewaySecurity(engine, config.engineSecurity, logger);
  const services = await startEngineServices(engine, {
    grpcPort,
    restPort,
    host,
    logger,
    limits: config.requestLimits,
    corsOrigins,
    security,
    flushIntervalMs: config.engineFlushIntervalMs,
  });
  const shown = displayHost(host);
  logger.info(
    {
      grpc: `grpc://${shown}:${services.grpcPort}`,
      rest: services.restPort === undefined ? undefined : `http://${shown}:${services.restPort}`,
      state: inMemory ? 'in memory' : config.engineData,
      // the Camunda-like profile: REST reads lag commands by up to this (engine/secondary-storage.ts)
      flushIntervalMs: config.engineFlushIntervalMs || undefined,
    },
    'embedded engine ready',
  );
  process.stdout.write(
    `Zeebe gRPC gateway: grpc://${shown}:${services.grpcPort}\n` +
      (services.restPort === undefined ? '' : `Camunda REST API:   http://${shown}:${services.restPort}/v2\n`),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await services.close();
      engine.close();
      logger.info('engine stopped');
      logger.flush?.();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Starts the engine; `npm run engine` calls it from the bundle in dist/ (scripts/run-built.cjs). */
export function run(): void {
  main().catch((err) => {
    // what the user can put right gets one line; anything else its stack
    const told = err instanceof DirectoryInUseError || err instanceof PortInUseError || err instanceof ConfigError;
    const noRoom = noRoomMessage(err, process.env.ENGINE_DATA?.trim() || process.env.DATA_DIR?.trim() || './.data');
    const text = noRoom ?? (err instanceof Error ? (told ? err.message : (err.stack ?? err.message)) : String(err));
    process.stderr.write(`Baton's engine could not start: ${text}\n`);
    process.exit(1);
  });
}

if (require.main === module) run();
