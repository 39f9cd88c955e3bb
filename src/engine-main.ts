/**
 * `npm run engine`: the embedded Zeebe-compatible engine on its own, behind Zeebe's gRPC gateway
 * (ZEEBE_GATEWAY_PORT, default 26500) and the Camunda 8.8 REST API (ZEEBE_REST_PORT, default 8080), both on
 * ENGINE_HOST (default 127.0.0.1), so any Zeebe client (the SDK, zbctl) on this machine can use it.
 * ENGINE_DATA=memory keeps state in memory; otherwise it is journaled under ENGINE_DATA (default
 * DATA_DIR/engine). Stops cleanly on SIGINT/SIGTERM. The settings are read in src/launch-settings.ts; the
 * engine and its gateways start in src/boot/embedded-engine.ts, as `npm start` starts them.
 */
import { displayHost } from './boot/addresses';
import { assertEnginePortsFree, startEmbeddedEngine } from './boot/embedded-engine';
import { PortInUseError } from './boot/ports';
import { ConfigError } from './config';
import { DirectoryInUseError } from './dir-lock';
import { noRoomMessage } from './engine/journal/disk-full';
import { loadEngineLaunchSettings } from './launch-settings';
import { createLogger } from './logger';

/** where the journal is, for the message a full disk gets (before the settings are read: the default) */
let engineData = './.data';

async function main() {
  const { config, ports } = loadEngineLaunchSettings();
  engineData = config.engineData;
  const logger = createLogger({ level: config.logLevel, base: { service: 'baton-engine' } });
  // loopback unless ENGINE_HOST says otherwise; loadConfig has refused an unguarded exposure already
  const { host } = config.engineSecurity;
  await assertEnginePortsFree(ports, host, 'the engine’s');
  const { engine, gateways } = await startEmbeddedEngine(config, ports, { engine: logger, gateways: logger });
  const shown = displayHost(host);
  logger.info(
    {
      grpc: `grpc://${shown}:${gateways.grpcPort}`,
      rest: gateways.restPort === undefined ? undefined : `http://${shown}:${gateways.restPort}`,
      management: gateways.managementPort === undefined ? undefined : `http://${shown}:${gateways.managementPort}`,
      state: config.engineData === 'memory' ? 'in memory' : config.engineData,
      // the Camunda-like profile: REST reads lag commands by up to this (engine/secondary-storage.ts)
      flushIntervalMs: config.engineFlushIntervalMs || undefined,
    },
    'embedded engine ready',
  );
  process.stdout.write(
    `Zeebe gRPC gateway: grpc://${shown}:${gateways.grpcPort}\n` +
      (gateways.restPort === undefined ? '' : `Camunda REST API:   http://${shown}:${gateways.restPort}/v2\n`) +
      (gateways.managementPort === undefined
        ? ''
        : `Management:         http://${shown}:${gateways.managementPort}/actuator/health\n`),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await gateways.close();
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
    const noRoom = noRoomMessage(err, engineData);
    const text = noRoom ?? (err instanceof Error ? (told ? err.message : (err.stack ?? err.message)) : String(err));
    process.stderr.write(`Baton's engine could not start: ${text}\n`);
    process.exit(1);
  });
}

if (require.main === module) run();
