/**
 * Jest globalSetup: what every run needs before the test workers start — a process coverage run (see
 * test/process-test/global-setup.ts) and, when test/data/postgres.test.ts may be in the run, a throwaway
 * PostgreSQL for it (postgres-server.ts). Runs of other files (`jest test/bpmn`) skip its ~1.5 s start.
 * With TEST_ENGINE=container it starts the run's one Camunda container (shared-camunda.ts); against an
 * external cluster on this machine it refuses to run while the compose stack's app service is up
 * (compose-app-guard.ts). With TEST_ENGINE=camunda-like it starts Baton's engine as a protected, eventually
 * consistent external cluster (camunda-like-engine.ts).
 */
import path from 'node:path';
import type { Config } from '@jest/types';
import startProcessCoverage from '../process-test/global-setup';
import { startCamundaLikeEngine } from './camunda-like-engine';
import { composeAppConflict } from './compose-app-guard';
import { startTestPostgres, stopTestPostgres } from './postgres-server';
import { startSharedCamunda } from './shared-camunda';

const POSTGRES_SUITE = path.join(__dirname, '..', 'data', 'postgres.test.ts');

/** Whether the run's file selection can include the PostgreSQL suite; when unsure, it can. */
export function runMayIncludePostgresSuite(config: Partial<Config.GlobalConfig>): boolean {
  // selections jest makes from git or from source files: cannot be read from a pattern
  if (config.findRelatedTests || config.onlyChanged || config.lastCommit || config.changedSince) return true;
  const pattern = config.testPathPattern;
  if (!pattern) return true; // no paths given: every test file runs
  try {
    // jest matches the path patterns case-insensitively against absolute paths
    return new RegExp(pattern, 'i').test(POSTGRES_SUITE);
  } catch {
    return true;
  }
}

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const conflict = composeAppConflict();
  if (conflict) throw new Error(conflict);
  startProcessCoverage();
  // engines the suites start side by side (npm start, npm run engine) take any free management port, not 9600
  process.env.ZEEBE_MANAGEMENT_PORT ??= '0';
  if (runMayIncludePostgresSuite(globalConfig)) await startTestPostgres();
  try {
    await startSharedCamunda();
    await startCamundaLikeEngine();
  } catch (err) {
    stopTestPostgres(); // jest runs no globalTeardown after a failed globalSetup
    throw err;
  }
}
