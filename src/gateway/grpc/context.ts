/**
 * What every gRPC handler works with: the engine (through EngineApi only), the logger, and the
 * acknowledgement barrier. A durable engine (one with a journal) exposes `durable()`, resolving once every
 * accepted command is on disk; the gateway answers a command only after it, as Zeebe answers only after
 * the command is on the replicated log.
 */
import type { Logger } from 'pino';
import type { EngineApi } from '../../engine/engine-api';

export type GatewayEngine = EngineApi & { durable?(): Promise<void> };

export interface GatewayContext {
  engine: EngineApi;
  logger: Logger;
  /** Resolves when everything the engine accepted so far is durable (at once for an in-memory engine). */
  durable(): Promise<void>;
  /** host and port the Topology answer names as the broker */
  advertised: { host: string; port: number };
}

export function acknowledgementBarrier(engine: GatewayEngine): () => Promise<void> {
  const durable = engine.durable;
  return typeof durable === 'function' ? () => durable.call(engine) : () => Promise.resolve();
}
