/**
 * Database on PostgreSQL through a `pg` connection pool (DATABASE_URL). int8 results are parsed to numbers
 * so rows look the same as on PGlite; the app's counters and sums stay far below 2^53.
 */
import { Pool, type PoolClient, types } from 'pg';
import type { Database, Queryable, QueryResult } from './database';

const INT8_OID = 20;

function wrap(target: Pool | PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params: unknown[] = []): Promise<QueryResult<Row>> {
      const result = await target.query(sql, params);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await target.query(sql);
    },
  };
}

export async function openPostgresDatabase(connectionString: string, maxConnections = 10): Promise<Database> {
  const pool = new Pool({
    connectionString,
    max: maxConnections,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
    },
  });
  // Fail fast on a wrong URL or an unreachable server instead of at the first query.
  const probe = await pool.connect();
  probe.release();
  const queryable = wrap(pool);
  return {
    kind: 'postgres',
    query: queryable.query,
    exec: queryable.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
