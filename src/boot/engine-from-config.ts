/**
 * The embedded engine as `npm start` and `npm run engine` open it from the settings (ENGINE_DATA,
 * ENGINE_SNAPSHOT_EVERY, ENGINE_HISTORY_LIMIT, ENGINE_DISK_FREE_MIN, ENGINE_FEEL_MAX_ITEMS,
 * ENGINE_FEEL_MAX_TIME_MS): in memory, or on its journal. A flush interval above 0
 * (CAMUNDA_DATA_SECONDARYSTORAGE_RDBMS_FLUSHINTERVAL) is the Camunda-like profile: clock changes fire
 * due timers on a later turn, as Zeebe does.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createEngine, type Engine, openEngine } from '../engine/engine';

export function engineFromConfig(
  config: Pick<
    Config,
    | 'engineData'
    | 'engineSnapshotEvery'
    | 'engineHistoryLimit'
    | 'engineDiskFreeMin'
    | 'engineFeelLimits'
    | 'engineFlushIntervalMs'
  >,
  logger: Logger,
): Promise<Engine> {
  const profiled = (engine: Engine) => {
    engine.clockTimersLater = (config.engineFlushIntervalMs ?? 0) > 0;
    return engine;
  };
  if (config.engineData === 'memory') {
    return Promise.resolve(
      profiled(createEngine({ logger, historyLimit: config.engineHistoryLimit, feelLimits: config.engineFeelLimits })),
    );
  }
  return openEngine({
    logger,
    dataDir: config.engineData,
    snapshotEvery: config.engineSnapshotEvery,
    historyLimit: config.engineHistoryLimit,
    diskFreeMin: config.engineDiskFreeMin,
    feelLimits: config.engineFeelLimits,
  }).then(profiled);
}
