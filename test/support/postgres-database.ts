/**
 * A database of a suite's own on the run's throwaway PostgreSQL (globalSetup starts it when
 * test/data/postgres.test.ts may run; otherwise the first suite that asks starts one from Debian's binaries
 * and stops it again), for suites whose app processes share one PostgreSQL.
 */
import { Client } from 'pg';
import { startTestPostgres, stopTestPostgres } from './postgres-server';

export interface OwnDatabase {
  url: string;
  close(): Promise<void>;
}

export async function ownPostgresDatabase(name: string): Promise<OwnDatabase> {
  let startedHere = false;
  if (!process.env.TEST_DATABASE_URL) {
    await startTestPostgres();
    startedHere = true;
  }
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('No PostgreSQL: install it (apt-get install -y postgresql) or set TEST_DATABASE_URL');
  const database = `${name}_${process.pid}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const own = new URL(server);
  own.pathname = `/${database}`;
  return {
    url: own.toString(),
    async close() {
      if (startedHere) {
        stopTestPostgres();
        return;
      }
      const cleanup = new Client({ connectionString: server });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
