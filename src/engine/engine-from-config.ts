/**
 * The embedded engine as `npm start` and `npm run engine` open it from the settings (ENGINE_DATA,
 * ENGINE_SNAPSHOT_EVERY, ENGINE_HISTORY_LIMIT, ENGINE_DISK_FREE_MIN, ENGINE_FEEL_MAX_ITEMS,
 * ENGINE_FEEL_MAX_TIME_MS): in memory, or on its journal.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createEngine, type Engine, openEngine } from './engine';

export function engineFromConfig(
  config: Pick<
    Config,
    'engineData' | 'engineSnapshotEvery' | 'engineHistoryLimit' | 'engineDiskFreeMin' | 'engineFeelLimits'
  >,
  logger: Logger,
): Promise<Engine> {
  if (config.engineData === 'memory') {
    return Promise.resolve(
      createEngine({ logger, historyLimit: config.engineHistoryLimit, feelLimits: config.engineFeelLimits }),
    );
  }
  return openEngine({
    logger,
    dataDir: config.engineData,
    snapshotEvery: config.engineSnapshotEvery,
    historyLimit: config.engineHistoryLimit,
    diskFreeMin: config.engineDiskFreeMin,
    feelLimits: config.engineFeelLimits,
  });
}
