/** What every REST v2 route needs: the engine, a logger, and the acknowledgement barrier. */
import type { Logger } from 'pino';
import type { EngineApi } from '../../engine/engine-api';

export interface RestContext {
  engine: EngineApi;
  logger: Logger;
  /** resolves when what the engine accepted so far is durable: answer a write only after it */
  durable(): Promise<void>;
}

export function restContext(engine: EngineApi, logger: Logger): RestContext {
  return { engine, logger, durable: () => engine.durable?.() ?? Promise.resolve() };
}
