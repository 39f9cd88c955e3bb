/**
 * Test helper: a fresh, migrated, in-memory PGlite database per test file. The first call migrates a
 * database from scratch and caches its dump in the OS temp directory (keyed by the PGlite version and the
 * migrations' content); later test files load that dump, which is several times faster than initdb.
 * test/data/postgres.test.ts points a test file at a real PostgreSQL instead (useTestPostgres): then the
 * same suites run there, migrated and emptied, while every other test file keeps its own PGlite.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/data/database';
import { loadMigrations, migrate } from '../../src/data/migrate';
import { openPgliteDatabase } from '../../src/data/pglite-database';
import { openPostgresDatabase } from '../../src/data/postgres-database';

const APP_TABLES = [
  'orders',
  'payments',
  'payment_declines',
  'payment_accounts',
  'reservation_lines',
  'reservations',
  'inventory',
  'shipments',
  'shipment_failures',
  'carriers',
  'customers',
  'onboarding_starts',
  'tenants',
  'tenant_provisioning_failures',
  'outbox',
];

function templatePath(): string {
  const hash = createHash('sha256');
  // The package's exports hide package.json from require(); hash the installed entry point instead.
  hash.update(readFileSync(require.resolve('@electric-sql/pglite')));
  for (const m of loadMigrations()) hash.update(`${m.version}:${m.name}:${m.sql}`);
  return path.join(os.tmpdir(), `baton-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
}

async function migratedTemplate(): Promise<Blob> {
  const file = templatePath();
  if (!existsSync(file)) {
    const db = await openPgliteDatabase();
    await migrate(db);
    const dump = await db.dumpDataDir();
    await db.close();
    // Write then rename, so a parallel test file never reads half a file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

let postgresUrl: string | undefined;

/**
 * From now on openTestDatabase() in this test file opens that PostgreSQL. Only one test file may use a
 * given database: the suites empty every table between tests.
 */
export function useTestPostgres(url: string): void {
  postgresUrl = url;
}

export async function openTestDatabase(): Promise<Database> {
  const url = postgresUrl;
  if (url) {
    const db = await openPostgresDatabase(url);
    await migrate(db);
    await clearAllData(db);
    return db;
  }
  return openPgliteDatabase({ loadDataDir: await migratedTemplate() });
}

/** Empties every app table (between tests). */
export async function clearAllData(db: Database): Promise<void> {
  await db.exec(`TRUNCATE ${APP_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
}
