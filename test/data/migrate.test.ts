import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/data/database';
import { loadMigrations, migrate } from '../../src/data/migrate';
import { openTestDatabase } from './test-database';

describe('migrations', () => {
  let db: Database;
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-migrations-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    // Leave a shared TEST_DATABASE_URL database as we found it.
    await db.exec('DROP TABLE IF EXISTS migration_probe; DELETE FROM schema_migrations WHERE version >= 900;');
    await db.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('are numbered, ordered and recorded once each', async () => {
    const versions = loadMigrations().map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const recorded = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((r) => r.version)).toEqual(versions);
    expect(await migrate(db)).toEqual([]);
  });

  it('apply new migrations once, in order', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '902_second.sql'), 'INSERT INTO migration_probe VALUES (2);');
    writeFileSync(
      path.join(dir, '901_first.sql'),
      'CREATE TABLE migration_probe (n int); INSERT INTO migration_probe VALUES (1);',
    );
    expect(await migrate(db, loadMigrations(dir))).toEqual([901, 902]);
    expect(await migrate(db, loadMigrations(dir))).toEqual([]);
    const rows = await db.query<{ n: number }>('SELECT n FROM migration_probe ORDER BY n');
    expect(rows.rows.map((r) => r.n)).toEqual([1, 2]);
  });

  it('roll a failing migration back and name it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '910_broken.sql'), 'CREATE TABLE half_done (n int); SELECT * FROM no_such_table;');
    await expect(migrate(db, loadMigrations(dir))).rejects.toThrow(/910_broken failed: .*no_such_table/);
    const table = await db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(table.rows).toHaveLength(0);
    const recorded = await db.query('SELECT 1 FROM schema_migrations WHERE version = 910');
    expect(recorded.rows).toHaveLength(0);
  });

  it('reject a badly named migration file', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'add-things.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/add-things.sql must be named NNN_snake_case.sql/);
  });
});
