/** Jest globalTeardown: the coverage report (test/process-test/global-teardown.ts), then stop PostgreSQL and the run's Camunda container. */
import reportProcessCoverage from '../process-test/global-teardown';
import { stopCamundaLikeEngine } from './camunda-like-engine';
import { stopTestPostgres } from './postgres-server';
import { stopSharedCamunda } from './shared-camunda';

export default async function globalTeardown(): Promise<void> {
  try {
    reportProcessCoverage();
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
