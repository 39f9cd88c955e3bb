/**
 * Database on embedded PGlite (Postgres compiled to WebAssembly, in-process). A directory persists it;
 * no directory keeps it in memory, which is what tests use. `loadDataDir` starts from a dump made with
 * `dumpDataDir()` (tests start from an already migrated copy, which is several times faster than initdb).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { lockDirectory } from '../dir-lock';
import type { Database, Queryable, QueryResult } from './database';
import { PgliteStatements } from './pglite-statements';

export interface PgliteDatabase extends Database {
  readonly kind: 'pglite';
  /** An uncompressed tarball of the whole data directory. */
  dumpDataDir(): Promise<Blob>;
}

export interface PgliteOptions {
  dataDir?: string;
  loadDataDir?: Blob;
}

/**
 * PGlite's two locks, taken as its own query() and transaction() take them: a statement outside a
 * transaction waits for any open transaction (and holds the query lock); one inside only for the query lock.
 */
function queryable(pg: PGlite, statements: PgliteStatements, inTransaction: boolean): Queryable {
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    if (pg.closed) return Promise.reject(new Error('PGlite is closed'));
    return inTransaction ? pg._runExclusiveQuery(fn) : pg._runExclusiveTransaction(() => pg._runExclusiveQuery(fn));
  };
  return {
    async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
      const result = await exclusive(() => statements.query(sql, params));
      return { rows: result.rows as Row[], rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await exclusive(() => statements.exec(sql));
    },
  };
}

export async function openPgliteDatabase(options: PgliteOptions = {}): Promise<PgliteDatabase> {
  const { dataDir } = options;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // beside the directory, not in it: PGlite's initdb wants the directory as Postgres leaves it
  const lock = dataDir ? lockDirectory(`${dataDir}.lock`, `the database directory ${dataDir}`) : undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const statements = new PgliteStatements(pglite);
  const outside = queryable(pglite, statements, false);
  const inside = queryable(pglite, statements, true);
  return {
    kind: 'pglite',
    query: outside.query,
    exec: outside.exec,
    transaction: (fn) => {
      if (pglite.closed) return Promise.reject(new Error('PGlite is closed'));
      return pglite._runExclusiveTransaction(() => statements.transaction(() => fn(inside)));
    },
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}
