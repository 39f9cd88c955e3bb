/**
 * The unary handlers are assembled from one table per group (unary/*.ts); a name in two groups would be
 * silently overwritten by the later one, and a misspelt name would leave the real RPC unimplemented.
 */
import type { GatewayContext } from '../../../src/gateway/grpc/context';
import { gatewayServiceDefinition } from '../../../src/gateway/grpc/proto';
import { clusterHandlers } from '../../../src/gateway/grpc/unary/cluster';
import { decisionHandlers } from '../../../src/gateway/grpc/unary/decisions';
import { deploymentHandlers } from '../../../src/gateway/grpc/unary/deployments';
import { instanceOperationHandlers } from '../../../src/gateway/grpc/unary/instance-operations';
import { jobHandlers } from '../../../src/gateway/grpc/unary/jobs';
import { messageAndSignalHandlers } from '../../../src/gateway/grpc/unary/message-and-signal';
import { processInstanceHandlers } from '../../../src/gateway/grpc/unary/process-instances';
import { unaryHandlers } from '../../../src/gateway/grpc/unary-handlers';
import { StubEngine } from './stub-engine';

const ctx = { engine: new StubEngine().api, advertised: { host: 'localhost', port: 26500 } } as GatewayContext;
const groups = [
  clusterHandlers,
  deploymentHandlers,
  processInstanceHandlers,
  jobHandlers,
  messageAndSignalHandlers,
  decisionHandlers,
  instanceOperationHandlers,
];

describe('unary handler groups', () => {
  it('name each RPC in one group only', () => {
    const names = groups.flatMap((group) => Object.keys(group(ctx)));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(unaryHandlers(ctx)).sort()).toEqual([...names].sort());
  });

  it('name only unary RPCs of the Zeebe gateway service', () => {
    const definition = gatewayServiceDefinition();
    for (const rpc of Object.keys(unaryHandlers(ctx))) {
      expect(definition[rpc]).toBeDefined();
      expect(definition[rpc].responseStream).toBe(false);
    }
  });
});
