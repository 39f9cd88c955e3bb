/**
 * Stage events on a real PostgreSQL, in a database of this file's own on the run's server (jest's
 * globalSetup starts one when test/data/postgres.test.ts may run; otherwise this file starts its own from
 * Debian's binaries): the triggers and the bus suite, where the publisher takes its lease and transactions
 * commit concurrently.
 */
import { Client } from 'pg';
import { createInProcessBus } from '../../src/events/in-process-bus';
import { useTestPostgres } from '../data/test-database';
import { startTestPostgres, stopTestPostgres } from '../support/postgres-server';
import { describeBusSuite } from './bus-suite';

let startedHere = false;

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) {
    await startTestPostgres();
    startedHere = true;
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('No PostgreSQL: install it (apt-get install -y postgresql) or set TEST_DATABASE_URL');
  const own = new URL(url);
  own.pathname = `/baton_events_${process.pid}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${own.pathname.slice(1)}`);
  await admin.query(`CREATE DATABASE ${own.pathname.slice(1)}`);
  await admin.end();
  useTestPostgres(own.toString());
}, 60_000);
afterAll(() => {
  if (startedHere) stopTestPostgres();
});

require('./stage-event-triggers.test');
describeBusSuite('the in-process bus, on PostgreSQL', () => ({
  open: async () => createInProcessBus(),
  commitsInSeqOrder: false,
}));
