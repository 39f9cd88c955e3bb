/**
 * Where `npm start` finds Camunda: its own embedded engine, started here behind its gateways on ENGINE_HOST,
 * or the cluster ZEEBE_GRPC_ADDRESS and ZEEBE_REST_ADDRESS name.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Engine } from '../engine/engine';
import type { EnginePorts } from '../launch-settings';
import { loopbackTo } from './addresses';
import type { CamundaAddresses } from './camunda-client';
import { type RunningEngine, startEmbeddedEngine } from './embedded-engine';
import { isAddressInUse, PortInUseError } from './ports';
import type { StartedParts } from './shutdown';

export interface CamundaToUse {
  /** the in-process engine when embedded */
  engine?: Engine;
  addresses: CamundaAddresses;
}

export async function engineOrCluster(
  config: Config,
  ports: EnginePorts,
  logger: Logger,
  parts: StartedParts,
): Promise<CamundaToUse> {
  if (!config.embeddedEngine) {
    return { addresses: { grpcAddress: config.zeebeGrpcAddress as string, restAddress: config.zeebeRestAddress } };
  }
  let running: RunningEngine;
  try {
    // the gateways name their own module (a child of the engine's logger would print `module` twice)
    running = await startEmbeddedEngine(config, ports, {
      engine: logger.child({ module: 'engine' }),
      gateways: logger,
    });
  } catch (err) {
    if (isAddressInUse(err)) throw new PortInUseError(ports.grpcPort, 'the embedded engine', 'ZEEBE_GATEWAY_PORT');
    throw err;
  }
  const { engine, gateways } = running;
  parts.add('engine', () => engine.close());
  parts.add('engine gateways', () => gateways.close());
  // the app's own clients (SDK, workers, the REST state reader) come in over loopback
  const local = loopbackTo(config.engineSecurity.host);
  return {
    engine,
    addresses: {
      grpcAddress: `grpc://${local}:${gateways.grpcPort}`,
      restAddress: gateways.restPort === undefined ? undefined : `http://${local}:${gateways.restPort}`,
    },
  };
}
