/**
 * Database on embedded PGlite (Postgres compiled to WebAssembly, in-process). A directory persists it;
 * no directory keeps it in memory, which is what tests use. `loadDataDir` starts from a dump made with
 * `dumpDataDir()` (tests start from an already migrated copy, which is several times faster than initdb).
 */
import { PGlite } from '@electric-sql/pglite';
import { lockDirectory } from '../dir-lock';
import { ownerOnlyTree } from '../owner-only';
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

/** Runs the functions given to it one at a time, in call order. */
function serialLock() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => {});
    return run;
  };
}

/** Runs fn unless PGlite is closed; checked once the locks are held, as a statement may wait behind close(). */
function ifOpen<T>(pg: PGlite, fn: () => Promise<T>): Promise<T> {
  return pg.closed ? Promise.reject(new Error('PGlite is closed')) : fn();
}

/**
 * Two locks, held as PGlite's own query() and transaction() hold theirs: a statement outside a transaction
 * waits for any open transaction (and holds the query lock); one inside only for the query lock. The query
 * lock is PGlite's public runExclusive (what its execProtocol callers are to hold); the transaction lock is
 * ours, as every statement goes through this file.
 */
function queryable(
  pg: PGlite,
  statements: PgliteStatements,
  transactionLock: ReturnType<typeof serialLock> | undefined,
): Queryable {
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = () => pg.runExclusive(() => ifOpen(pg, fn));
    return transactionLock ? transactionLock(run) : run();
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
  // the database holds every order: owner-only, before PGlite writes and again after its initdb
  if (dataDir) ownerOnlyTree(dataDir);
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
  if (dataDir) ownerOnlyTree(dataDir);
  const statements = new PgliteStatements(pglite);
  const transactionLock = serialLock();
  const outside = queryable(pglite, statements, transactionLock);
  const inside = queryable(pglite, statements, undefined);
  return {
    kind: 'pglite',
    query: outside.query,
    exec: outside.exec,
    transaction: (fn) => transactionLock(() => ifOpen(pglite, () => statements.transaction(() => fn(inside)))),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: async () => {
      try {
        // after the open transaction; what comes later finds PGlite closed
        await transactionLock(() => pglite.close());
      } finally {
        lock?.release();
      }
    },
  };
}
