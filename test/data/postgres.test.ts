/**
 * The same SQL and migrations on a real PostgreSQL server (DATABASE_URL's path, through `pg`): with
 * TEST_DATABASE_URL set, this file runs the migration suite, every repository suite and
 * the workers' handler suites against it, plus what only a server with truly concurrent transactions shows:
 * two app instances migrating one empty database at once, and the same jobs delivered twice at the same time.
 * Without TEST_DATABASE_URL, jest's globalSetup starts a throwaway server when PostgreSQL is installed
 * (test/support/postgres-server.ts); with neither, this file fails saying how to get one.
 */
import { Pool } from 'pg';
import { openDatabase } from '../../src/data';
import { loadMigrations } from '../../src/data/migrate';
import { useTestPostgres } from './test-database';

const url = process.env.TEST_DATABASE_URL;

if (!url) {
  // Not a container runtime: a missing server is a broken setup, not a reason to skip.
  describe('PostgreSQL', () => {
    it('has a server to run on', () => {
      throw new Error(
        'No PostgreSQL: install it (apt-get install -y postgresql; npm test then starts a throwaway server) ' +
          'or set TEST_DATABASE_URL=postgres://user:password@host:5432/db',
      );
    });
  });
} else {
  useTestPostgres(url);

  // The shared suites, now against PostgreSQL (each registers its own describe block in this file).
  require('./migrate.test');
  require('./orders-repository.test');
  require('./payments-repository.test');
  require('./inventory-repository.test');
  require('./shipments-repository.test');
  require('./customers-tenants-repository.test');
  require('./onboarding-starts-repository.test');
  require('./outbox-repository.test');
  require('../workers/order-workers.test');
  require('../workers/onboarding-workers.test');
  require('../workers/concurrent-deliveries.test');

  describe('migrations on PostgreSQL', () => {
    const schema = `baton_migrate_${process.pid}`;
    const admin = new Pool({ connectionString: url, max: 1 });
    /** The same database, with the fresh schema first on the search path (as a second app would see it). */
    const schemaUrl = () => {
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return u.toString();
    };

    beforeAll(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`CREATE SCHEMA ${schema}`);
    });
    afterAll(async () => {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    it('two app instances starting at once on an empty database apply each migration exactly once', async () => {
      const [first, second] = await Promise.all([
        openDatabase({ databaseUrl: schemaUrl() }),
        openDatabase({ databaseUrl: schemaUrl() }),
      ]);
      try {
        expect([first.kind, second.kind]).toEqual(['postgres', 'postgres']);
        const recorded = await admin.query<{ version: number }>(
          `SELECT version FROM ${schema}.schema_migrations ORDER BY version`,
        );
        expect(recorded.rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
        const tables = await admin.query<{ table_name: string }>(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
          [schema],
        );
        expect(tables.rows.map((r) => r.table_name)).toEqual(
          expect.arrayContaining(['orders', 'payments', 'inventory', 'reservations', 'shipments', 'outbox']),
        );
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    it('an unreachable server fails at open, naming the cause', async () => {
      const u = new URL(url);
      u.port = '1';
      await expect(openDatabase({ databaseUrl: u.toString() })).rejects.toThrow(/ECONNREFUSED|connect/);
    });
  });
}
