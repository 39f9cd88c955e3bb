/**
 * How an engine is made: in memory (tests, benchmarks, ENGINE_DATA=memory) or over a data directory whose
 * journal and snapshots restore its state (engine.ts has the engine itself).
 */
import type { Logger } from 'pino';
import { EmbeddedEngine, type Engine } from './engine';
import type { FeelLimits } from './feel';
import { DEFAULT_DISK_FREE_MIN, type DiskSpaceOptions } from './journal/disk-space-monitor';
import { DEFAULT_SNAPSHOT_EVERY } from './state/snapshot-state';

export interface EngineOptions {
  logger?: Logger;
  /** Directory for the journal and snapshots; undefined keeps everything in memory (ENGINE_DATA=memory). */
  dataDir?: string;
  /** Journal records between snapshots at least (default 10,000; the app reads ENGINE_SNAPSHOT_EVERY); 0 = none. */
  snapshotEvery?: number;
  /** Ended root process instances kept queryable (default 10,000; the app reads ENGINE_HISTORY_LIMIT); older ones are removed. */
  historyLimit?: number;
  /** Free disk space under dataDir below which commands are refused (default 64 MiB; ENGINE_DISK_FREE_MIN); 0 = unwatched. */
  diskFreeMin?: number;
  /** How often the free space is read, and how (tests); Zeebe's 1 s and statfs by default. */
  diskCheck?: Omit<DiskSpaceOptions, 'minFreeBytes'>;
  /** What one FEEL evaluation may spend (default 1,000,000 items, 1 s; ENGINE_FEEL_MAX_ITEMS, ENGINE_FEEL_MAX_TIME_MS). */
  feelLimits?: FeelLimits;
}

/** An in-memory engine (tests, benchmarks). */
export function createEngine(options: Omit<EngineOptions, 'dataDir' | 'snapshotEvery'> = {}): Engine {
  return new EmbeddedEngine(options.logger, options.historyLimit, options.feelLimits);
}

/** An engine backed by a journal in `dataDir` (created if missing), with its state restored. */
export async function openEngine(options: EngineOptions): Promise<Engine> {
  const engine = new EmbeddedEngine(options.logger, options.historyLimit, options.feelLimits);
  if (options.dataDir) {
    await engine.attachDataDir(options.dataDir, options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY);
    engine.admission.watchDisk(options.dataDir, {
      ...options.diskCheck,
      minFreeBytes: options.diskFreeMin ?? DEFAULT_DISK_FREE_MIN,
    });
  }
  return engine;
}
