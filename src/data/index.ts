/**
 * The app's data layer: open the database (embedded PGlite by default, PostgreSQL when DATABASE_URL is set),
 * apply migrations, and get one small typed repository per table group.
 */
import path from 'node:path';
import type { Database } from './database';
import { migrate } from './migrate';
import { openPgliteDatabase } from './pglite-database';
import { createCustomersRepository } from './repositories/customers-repository';
import { createInventoryRepository } from './repositories/inventory-repository';
import { createOnboardingStartsRepository } from './repositories/onboarding-starts-repository';
import { createOrdersRepository } from './repositories/orders-repository';
import { createOutboxRepository } from './repositories/outbox-repository';
import { createPaymentsRepository } from './repositories/payments-repository';
import { createShipmentsRepository } from './repositories/shipments-repository';
import { createTenantsRepository } from './repositories/tenants-repository';

export type { Database, Queryable } from './database';
export { migrate } from './migrate';

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite persists under `${dataDir}/pglite`; when absent (and no URL) it runs in memory. */
  dataDir?: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const db = options.databaseUrl
    ? // required here: pg takes ~0.1 s to load, which a start on PGlite does not need
      await (require('./postgres-database') as typeof import('./postgres-database')).openPostgresDatabase(
        options.databaseUrl,
      )
    : await openPgliteDatabase({ dataDir: options.dataDir ? path.join(options.dataDir, 'pglite') : undefined });
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

export function createRepositories(db: Database) {
  return {
    orders: createOrdersRepository(db),
    payments: createPaymentsRepository(db),
    inventory: createInventoryRepository(db),
    shipments: createShipmentsRepository(db),
    customers: createCustomersRepository(db),
    onboardingStarts: createOnboardingStartsRepository(db),
    tenants: createTenantsRepository(db),
    outbox: createOutboxRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
