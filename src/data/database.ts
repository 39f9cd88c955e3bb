/**
 * The app's SQL database behind one small interface, so the same SQL and migrations run on embedded PGlite
 * (the default: nothing to install, persisted under `${dataDir}/pglite`, or in memory for tests) and on
 * PostgreSQL through `pg` when DATABASE_URL is set.
 */
export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted (or returned, for SELECT). */
  rowCount: number;
}

/** Something that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs fn in one transaction: commits when it resolves, rolls back when it throws (and rethrows).
   * On PGlite transactions run one at a time; on PostgreSQL they run concurrently under READ COMMITTED,
   * so repositories use conditional updates and row locks rather than read-then-write.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE 23505; `constraint` narrows it to one index when given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/**
 * Scopes of per-order transaction locks (the two-int form of advisory locks, apart from the migration lock's
 * one-bigint form). Hash collisions only make two unrelated orders wait for each other.
 */
export const LOCK_SCOPE = { payment: 1, reservation: 2, shipment: 3, tenant: 4 } as const;

/**
 * Holds the lock of one business key until the transaction ends, so two deliveries of the same job decide
 * one after the other and the second sees what the first committed. PGlite runs one transaction at a time
 * already, so there it costs nothing (no statement is sent).
 */
export async function lockForTransaction(db: Database, tx: Queryable, scope: number, key: string): Promise<void> {
  if (db.kind === 'pglite') return;
  await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [scope, key]);
}

/**
 * Runs one statement while holding a business key's lock: on PGlite, where statements run one at a time and
 * each is atomic, on its own (no transaction to begin and commit); on PostgreSQL in a transaction that takes
 * the lock first, so the statement's snapshot sees what an earlier holder committed.
 */
export async function queryHoldingLock<Row = Record<string, unknown>>(
  db: Database,
  scope: number,
  key: string,
  sql: string,
  params: unknown[],
): Promise<QueryResult<Row>> {
  if (db.kind === 'pglite') return db.query<Row>(sql, params);
  return db.transaction(async (tx) => {
    await lockForTransaction(db, tx, scope, key);
    return tx.query<Row>(sql, params);
  });
}
