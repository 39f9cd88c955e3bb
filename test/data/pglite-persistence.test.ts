/**
 * The default database: embedded PGlite persisted under DATA_DIR keeps the app's data across restarts and
 * applies the migrations only the first time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRepositories, openDatabase } from '../../src/data';
import { loadMigrations } from '../../src/data/migrate';

describe('PGlite under DATA_DIR', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('persists data across restarts, migrating only the first time', async () => {
    const first = await openDatabase({ dataDir });
    await createRepositories(first).inventory.setStock('SKU-PERSIST', 7);
    await first.close();

    const second = await openDatabase({ dataDir });
    expect(await createRepositories(second).inventory.stock('SKU-PERSIST')).toEqual({
      sku: 'SKU-PERSIST',
      available: 7,
      reserved: 0,
    });
    const recorded = await second.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(recorded.rows[0].n).toBe(loadMigrations().length);
    await second.close();
  }, 30_000);
});
