/**
 * The unary RPCs of Zeebe's gateway, each translated into EngineApi calls and back into the response
 * message (one file per group under unary/). Each entry names the Zeebe command intent it writes (used in
 * rejection messages, see errors.ts); `command: false` marks RPCs that write nothing (no acknowledgement
 * barrier, no backpressure).
 */
import type { GatewayContext } from './context';
import { clusterHandlers } from './unary/cluster';
import { decisionHandlers } from './unary/decisions';
import { deploymentHandlers } from './unary/deployments';
import { instanceOperationHandlers } from './unary/instance-operations';
import { jobHandlers } from './unary/jobs';
import { messageAndSignalHandlers } from './unary/message-and-signal';
import { processInstanceHandlers } from './unary/process-instances';

export interface UnaryHandler {
  intent?: string;
  /** false for reads (Topology): no backpressure, nothing to make durable */
  command?: false;
  // biome-ignore lint/suspicious/noExplicitAny: each handler declares its own request type
  handle(request: any): unknown;
}

export function unaryHandlers(ctx: GatewayContext): Record<string, UnaryHandler> {
  return {
    ...clusterHandlers(ctx),
    ...deploymentHandlers(ctx),
    ...processInstanceHandlers(ctx),
    ...jobHandlers(ctx),
    ...messageAndSignalHandlers(ctx),
    ...decisionHandlers(ctx),
    ...instanceOperationHandlers(ctx),
  };
}
