/**
 * At start-up, before the API takes requests: orders and onboardings whose process start was cut off (by a
 * crash) are started, or attached to the instance the cut-off attempt did start. On PGlite this process owns
 * the data (dir-lock), so every claim is from a run that ended; other app instances may share a PostgreSQL,
 * so there only claims older than a start may take are taken over.
 */
import type { Logger } from 'pino';
import type { createRepositories, Database } from '../../data';
import type { ProcessCommands } from '../process-commands/process-commands';
import type { ProcessStateReader } from '../process-state/process-state-reader';
import { readingWritesBeforeNow } from '../process-state/read-your-writes';
import { repairUnstartedOnboardings } from './onboarding-starts';
import { ORDER_START_CLAIM_MS, repairUnstartedOrders } from './order-starts';

export async function repairCutOffStarts(deps: {
  db: Database;
  repositories: ReturnType<typeof createRepositories>;
  processes: ProcessCommands;
  processState: ProcessStateReader;
  logger: Logger;
  readYourWritesWaitMs?: number;
}): Promise<void> {
  const claimTimeoutMs = deps.db.kind === 'pglite' ? 0 : ORDER_START_CLAIM_MS;
  const logger = deps.logger.child({ module: 'process-starts' });
  // it looks for instances its earlier run started, which a cluster may not show yet
  const processState = readingWritesBeforeNow(deps.processState, deps.readYourWritesWaitMs);
  const { orders, onboardingStarts } = deps.repositories;
  await repairUnstartedOrders({ orders, processes: deps.processes, processState }, { claimTimeoutMs, logger });
  await repairUnstartedOnboardings(
    { starts: onboardingStarts, processes: deps.processes, processState },
    { claimTimeoutMs, logger },
  );
}
