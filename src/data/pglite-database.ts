/**
 * Database on embedded PGlite (Postgres compiled to WebAssembly, in-process). A directory persists it;
 * no directory keeps it in memory, which is what tests use. `loadDataDir` starts from a dump made with
 * `dumpDataDir()` (tests start from an already migrated copy, which is several times faster than initdb).
 */
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './database';

export interface PgliteDatabase extends Database {
  readonly kind: 'pglite';
  /** An uncompressed tarball of the whole data directory. */
  dumpDataDir(): Promise<Blob>;
}

export interface PgliteOptions {
  dataDir?: string;
  loadDataDir?: Blob;
}

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.exec(sql);
    },
  };
}

export async function openPgliteDatabase(options: PgliteOptions = {}): Promise<PgliteDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const queryable = wrap(pglite);
  return {
    kind: 'pglite',
    query: queryable.query,
    exec: queryable.exec,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: () => pglite.close(),
  };
}
