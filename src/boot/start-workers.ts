/**
 * What works beside the API once the models are deployed: the outbox relay, which delivers what the workers
 * queue, and the job workers. Both are added to the parts to stop, the relay before the database closes and the
 * workers before the relay.
 */
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import type { Logger } from 'pino';
import { type StartWorkersOptions, startWorkers } from '../../workers/start-workers';
import { type OutboxSettings, startOutbox } from '../app/outbox/start-outbox';
import type { Config } from '../config';
import type { Database } from '../data';
import type { StartedParts } from './shutdown';

export interface BackgroundWorkOptions {
  config: Config;
  db: Database;
  zeebe: ZeebeGrpcClient;
  logger: Logger;
  /** outbox relay tuning (tests: short backoff and timeout); where it delivers comes from config */
  outbox?: OutboxSettings;
  /** extra worker settings (tests: shorter job timeouts) */
  workers?: Partial<Omit<StartWorkersOptions, 'zeebe' | 'db' | 'logger'>>;
  /** false: the relay only, the workers run in processes of their own (BATON_ROLE=api); default true */
  runWorkers?: boolean;
}

/** Starts the outbox relay and the workers; answers the task types whose workers run (undefined: elsewhere). */
export async function startBackgroundWork(
  options: BackgroundWorkOptions,
  parts: StartedParts,
): Promise<{ workerTaskTypes?: string[] }> {
  const { config, db, zeebe, logger } = options;
  const outbox = await startOutbox({
    db,
    config,
    logger: logger.child({ module: 'outbox' }),
    settings: options.outbox,
  });
  parts.add('outbox relay', () => outbox.stop());
  if (options.runWorkers === false) return {};
  const workers = startWorkers({ zeebe, db, logger: logger.child({ module: 'workers' }), ...options.workers });
  parts.add('workers', () => workers.close());
  return { workerTaskTypes: workers.taskTypes };
}
