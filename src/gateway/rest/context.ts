/** What every REST v2 route needs: the engine for commands, what it reads from, a logger, the acknowledgement barrier. */
import type { Logger } from 'pino';
import type { EngineApi } from '../../engine/engine-api';
import type { EngineReads } from '../../engine/secondary-storage';

export interface RestContext {
  /** commands: they act on the live state, as in Zeebe */
  engine: EngineApi;
  /** searches and GETs: the engine itself, or its state as of the last flush (engine/secondary-storage.ts) */
  reads: EngineReads;
  logger: Logger;
  /** resolves when what the engine accepted so far is durable: answer a write only after it */
  durable(): Promise<void>;
}

export function restContext(engine: EngineApi, logger: Logger, reads: EngineReads = engine): RestContext {
  return { engine, reads, logger, durable: () => engine.durable?.() ?? Promise.resolve() };
}
