/** Jest globalTeardown: the coverage report (test/process-test/global-teardown.ts), then stop PostgreSQL. */
import reportProcessCoverage from '../process-test/global-teardown';
import { stopTestPostgres } from './postgres-server';

export default function globalTeardown(): void {
  try {
    reportProcessCoverage();
  } finally {
    stopTestPostgres();
  }
}
