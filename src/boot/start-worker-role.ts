/**
 * BATON_ROLE=workers: the job workers alone, against the engine or cluster ZEEBE_GRPC_ADDRESS names and the
 * PostgreSQL DATABASE_URL names (src/role-settings.ts refuses the role without them). No HTTP port, no
 * engine, no outbox relay (the api process delivers): any number of these run side by side, each job going
 * to one of them and the workers' own idempotency covering a job handed out twice.
 */
import type { Logger } from 'pino';
import { type StartWorkersOptions, startWorkers } from '../../workers/start-workers';
import type { Config } from '../config';
import { openAppDatabase } from './app-database';
import { connectCamunda } from './camunda-client';
import { StartedParts } from './shutdown';

export interface RunningWorkerRole {
  /** the task types whose workers run here */
  taskTypes: string[];
  grpcAddress: string;
  close(timeoutMs?: number): Promise<void>;
}

export async function startWorkerRole(options: {
  config: Config;
  logger: Logger;
  /** extra SDK gRPC settings (tests: short connection tolerance) */
  zeebeGrpcSettings?: Record<string, unknown>;
  workers?: Partial<Omit<StartWorkersOptions, 'zeebe' | 'db' | 'logger'>>;
}): Promise<RunningWorkerRole> {
  const { config, logger } = options;
  if (!config.zeebeGrpcAddress || !config.databaseUrl) {
    throw new Error('the workers role needs ZEEBE_GRPC_ADDRESS and DATABASE_URL');
  }
  const parts = new StartedParts(logger);
  try {
    // the api process (or any earlier one) migrates; the migration lock makes a concurrent start wait for it
    const db = await openAppDatabase(config, parts);
    const addresses = { grpcAddress: config.zeebeGrpcAddress, restAddress: config.zeebeRestAddress };
    const camunda = connectCamunda(config, addresses, parts, options.zeebeGrpcSettings);
    const workers = startWorkers({
      zeebe: camunda.zeebe,
      db,
      logger: logger.child({ module: 'workers' }),
      ...options.workers,
    });
    parts.add('workers', () => workers.close());
    return {
      taskTypes: workers.taskTypes,
      grpcAddress: addresses.grpcAddress,
      close: (timeoutMs = 10_000) => parts.closeAll(timeoutMs),
    };
  } catch (err) {
    await parts.closeAll(5_000);
    throw err;
  }
}
