/**
 * Test harness for the process scenarios: a cluster from test/support/engine.ts (the embedded engine, a
 * testcontainers Camunda with TEST_ENGINE=container, or ZEEBE_GRPC_ADDRESS's cluster), both models deployed
 * through the SDK, the real workers started through workers/start-workers.ts against a fresh in-memory database,
 * and the process-test toolkit (src/process-test) for every look at the engine — REST v2 only, so the
 * scenario files run unchanged on a real Zeebe. Closing writes the suite's part of the coverage report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import pino from 'pino';
import { createRepositories, type Repositories } from '../../src/data';
import type { Database } from '../../src/data/database';
import { createProcessTest, type ProcessTest, readProcessModels } from '../../src/process-test';
import { type RunningWorkers, type StartWorkersOptions, startWorkers } from '../../workers/start-workers';
import { openTestDatabase } from '../data/test-database';
import { startEngine } from '../support/engine';
import { settleMsFor } from '../support/read-lag';

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

const BPMN_DIR = path.join(__dirname, '..', '..', 'bpmn');
type StartVariables = Parameters<ZeebeGrpcClient['createProcessInstance']>[0]['variables'];

export interface Harness {
  zeebe: ZeebeGrpcClient;
  /** the process-test toolkit on this cluster */
  pt: ProcessTest;
  db: Database;
  repos: Repositories;
  /** Starts (more) real workers; all of them are closed by close(). */
  startWorkers(options?: Omit<StartWorkersOptions, 'zeebe' | 'db' | 'logger'>): RunningWorkers;
  /** Creates an instance over gRPC and tracks it for coverage; resolves with its key. */
  start(bpmnProcessId: string, variables: object): Promise<string>;
  /** Elements not reached and flows not taken by this suite's instances so far, of a model in bpmn/. */
  uncovered(bpmnFile: string): Promise<{ elements: string[]; flows: string[] }>;
  /** Back to system time if a test moved the clock (afterEach). */
  resetClock(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(suite: string): Promise<Harness> {
  const fixture = await startEngine();
  // a real Camunda's search results trail the engine by its export interval: give the assertions longer
  const pt = createProcessTest(fixture, {
    suite,
    timeoutMs: fixture.engine ? undefined : 60_000,
    settleMs: settleMsFor(fixture),
  });
  const db = await openTestDatabase();
  const running: RunningWorkers[] = [];
  const { zeebe } = fixture;
  for (const model of ['order-fulfilment.bpmn', 'customer-onboarding.bpmn']) {
    await zeebe.deployResource({ processFilename: path.join(BPMN_DIR, model) });
  }
  // the decisions and forms beside the models, as start-up deploys them
  for (const file of readdirSync(BPMN_DIR).filter((f) => /\.(dmn|form)$/.test(f))) {
    const content = readFileSync(path.join(BPMN_DIR, file));
    await zeebe.deployResources([
      file.endsWith('.dmn') ? { name: file, decision: content } : { name: file, form: content },
    ]);
  }
  return {
    zeebe,
    pt,
    db,
    repos: createRepositories(db),
    startWorkers(options = {}) {
      const workers = startWorkers({ zeebe, db, logger, ...options });
      running.push(workers);
      return workers;
    },
    async start(bpmnProcessId, variables) {
      const { processInstanceKey } = await zeebe.createProcessInstance({
        bpmnProcessId,
        variables: variables as StartVariables,
      });
      pt.track(processInstanceKey);
      return processInstanceKey;
    },
    async uncovered(bpmnFile) {
      const file = path.join(BPMN_DIR, bpmnFile);
      const report = await pt.coverageReport([{ file, models: readProcessModels(readFileSync(file, 'utf8')) }]);
      return {
        elements: report.models.flatMap((m) => m.elements.filter((e) => !e.reached).map((e) => e.id)),
        flows: report.models.flatMap((m) => m.flows.filter((f) => !f.taken).map((f) => f.id)),
      };
    },
    async resetClock() {
      if (pt.clock.isPinned()) await pt.clock.reset();
    },
    async close() {
      try {
        await pt.writeCoverage();
      } finally {
        // The gateway goes first: it ends the workers' parked long polls with OK, which clears the SDK's
        // client-side poll timer (51 s); closing a worker mid-poll cancels the call and leaves that timer running.
        await fixture.close();
        await Promise.all(running.map((w) => w.close()));
        await db.close();
      }
    },
  };
}
