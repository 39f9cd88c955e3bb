/**
 * Numbered SQL migrations (src/data/migrations/NNN_name.sql), applied in order, each once, each in its own
 * transaction, and recorded in schema_migrations. An advisory lock makes two app instances starting at the
 * same time against one PostgreSQL apply each migration exactly once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;
/** Arbitrary constant identifying "baton schema migrations" among advisory locks. */
const MIGRATION_LOCK_ID = 7_204_811;

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new Error(`Migration file ${path.join(dir, file)} must be named NNN_snake_case.sql`);
      return { version: Number(match[1]), name: match[2], sql: readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (i > 0 && m.version === migrations[i - 1].version) {
      throw new Error(`Two migrations share version ${m.version}: ${migrations[i - 1].name} and ${m.name}`);
    }
  });
  return migrations;
}

/** Applies the migrations not yet recorded; returns the versions it applied. */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<number[]> {
  // The everyday start: everything is applied already, which one query shows (no lock, no transactions).
  if (await allApplied(db, migrations)) return [];
  // Under the lock too: two servers running CREATE TABLE IF NOT EXISTS at once can both try to create it.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  });
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rows.length > 0) return false;
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new Error(
          `Migration ${migration.version}_${migration.name} failed: ${error instanceof Error ? error.message : error}`,
        );
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/** Whether schema_migrations records every version; false too when the table does not exist yet. */
async function allApplied(db: Database, migrations: Migration[]): Promise<boolean> {
  let rows: { version: number }[];
  try {
    rows = (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows;
  } catch {
    return false; // a fresh database: the full path below creates the table
  }
  const applied = new Set(rows.map((r) => Number(r.version)));
  return migrations.every((m) => applied.has(m.version));
}
