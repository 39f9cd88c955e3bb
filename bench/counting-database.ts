/**
 * A Database that reports every statement (inside transactions too) and every transaction it runs: what the
 * profiling scripts (bench/profile-ingest.ts, scripts/order-cost.ts) count per request or per order.
 */
import type { Database, Queryable } from '../src/data';

export interface DatabaseCounters {
  statement(sql: string): void;
  transaction(): void;
}

function countingQueryable(inner: Queryable, counters: DatabaseCounters): Queryable {
  return {
    query: (sql, params) => {
      counters.statement(sql);
      return inner.query(sql, params);
    },
    exec: (sql) => {
      counters.statement(sql);
      return inner.exec(sql);
    },
  };
}

export function countingDatabase(inner: Database, counters: DatabaseCounters): Database {
  return {
    ...countingQueryable(inner, counters),
    kind: inner.kind,
    transaction: (fn) => {
      counters.transaction();
      return inner.transaction((tx) => fn(countingQueryable(tx, counters)));
    },
    close: () => inner.close(),
  };
}
