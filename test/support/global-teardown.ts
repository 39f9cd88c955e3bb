/** Jest globalTeardown: the coverage report (test/process-test/global-teardown.ts), then stop PostgreSQL and the run's Camunda container. */
import reportProcessCoverage, { type RunSelection } from '../process-test/global-teardown';
import { stopCamundaLikeEngine } from './camunda-like-engine';
import { stopTestPostgres } from './postgres-server';
import { stopSharedCamunda } from './shared-camunda';

export default async function globalTeardown(globalConfig?: RunSelection): Promise<void> {
  try {
    reportProcessCoverage(globalConfig);
  } finally {
    try {
      stopTestPostgres();
    } finally {
      try {
        await stopSharedCamunda();
      } finally {
        await stopCamundaLikeEngine();
      }
    }
  }
}
