/**
 * The embedded engine as both commands run it: opened from the configuration (engine-from-config.ts), the
 * users of its gateways set up (engine-security/), and its gRPC and REST gateways and management port listening
 * on ENGINE_HOST.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Engine } from '../engine/engine';
import { engineGatewaySecurity } from '../engine-security/gateway-security';
import type { EnginePorts } from '../launch-settings';
import { engineFromConfig } from './engine-from-config';
import { type EngineServices, startEngineServices } from './engine-gateways';
import { assertPortFree } from './ports';

export interface RunningEngine {
  engine: Engine;
  gateways: EngineServices;
}

/**
 * Before the journal is opened, so a taken port changes nothing on disk. `whose` starts the port's description
 * in the message ("the engine’s", "the embedded engine’s").
 */
export async function assertEnginePortsFree(ports: EnginePorts, host: string, whose: string): Promise<void> {
  await assertPortFree(ports.grpcPort, host, `${whose} gRPC gateway`, 'ZEEBE_GATEWAY_PORT');
  await assertPortFree(ports.restPort, host, `${whose} REST API`, 'ZEEBE_REST_PORT');
  if (ports.managementPort !== undefined)
    await assertPortFree(ports.managementPort, host, `${whose} management port`, 'ZEEBE_MANAGEMENT_PORT');
}

/**
 * Opens the engine and starts its gateways; if the gateways cannot start, the engine is closed again (its data
 * directory unlocked) before the error is passed on.
 * @param loggers the engine's, and the gateways' (which name their own module)
 */
export async function startEmbeddedEngine(
  config: Config,
  ports: EnginePorts,
  loggers: { engine: Logger; gateways: Logger },
): Promise<RunningEngine> {
  const engine = await engineFromConfig(config, loggers.engine);
  try {
    const security = await engineGatewaySecurity(engine, config.engineSecurity, loggers.engine);
    const gateways = await startEngineServices(engine, {
      grpcPort: ports.grpcPort,
      restPort: ports.restPort,
      managementPort: ports.managementPort,
      host: config.engineSecurity.host,
      logger: loggers.gateways,
      limits: config.requestLimits,
      corsOrigins: config.engineSecurity.corsOrigins,
      security,
      flushIntervalMs: config.engineFlushIntervalMs,
    });
    return { engine, gateways };
  } catch (err) {
    engine.close();
    throw err;
  }
}
