/**
 * Jest globalSetup: starts a process coverage run (PROCESS_COVERAGE_RUN, inherited by the workers), so the
 * report global-teardown.ts writes shows this run's suites only.
 */
// the coverage modules only: the REST client is not needed here, and jest loads this before every run
import { defaultCoverageDir, startCoverageRun } from '../../src/process-test/coverage/report-files';

export default function startProcessCoverage(): void {
  startCoverageRun(defaultCoverageDir());
}
