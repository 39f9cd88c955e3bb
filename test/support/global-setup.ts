/**
 * Jest globalSetup: what every run needs before the test workers start — a process coverage run (see
 * test/process-test/global-setup.ts) and a throwaway PostgreSQL for the data suites (postgres-server.ts).
 */
import startProcessCoverage from '../process-test/global-setup';
import { startTestPostgres } from './postgres-server';

export default async function globalSetup(): Promise<void> {
  startProcessCoverage();
  await startTestPostgres();
}
