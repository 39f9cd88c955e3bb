/** Topology: the one-broker, one-partition cluster this gateway stands for. */
import { GATEWAY_VERSION } from '../../zeebe-defaults';
import type { GatewayContext } from '../context';
import type { UnaryHandler } from '../unary-handlers';

export function clusterHandlers(ctx: GatewayContext): Record<string, UnaryHandler> {
  return {
    Topology: {
      command: false,
      handle: () => ({
        brokers: [
          {
            nodeId: 0,
            host: ctx.advertised.host,
            port: ctx.advertised.port,
            partitions: [
              { partitionId: 1, role: 'LEADER', health: ctx.engine.haltedBecause() ? 'UNHEALTHY' : 'HEALTHY' },
            ],
            version: GATEWAY_VERSION,
          },
        ],
        clusterSize: 1,
        partitionsCount: 1,
        replicationFactor: 1,
        gatewayVersion: GATEWAY_VERSION,
      }),
    },
  };
}
