/**
 * Test harness for the process scenarios: the embedded engine behind its gRPC gateway (test/support's
 * startEngine), both models deployed through the SDK, the real workers started through workers/registry.ts
 * against a fresh in-memory database, and helpers that read the engine's element history.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import pino from 'pino';
import { createRepositories, type Repositories } from '../../src/data';
import type { Database } from '../../src/data/database';
import type { ElementInstanceView, EngineApi } from '../../src/engine/engine-api';
import { type RunningWorkers, type StartWorkersOptions, startWorkers } from '../../workers/registry';
import { openTestDatabase } from '../data/test-database';

export const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** What test/support/engine.ts's startEngine() returns (the shared engine fixture). */
interface EngineFixture {
  zeebe: ZeebeGrpcClient;
  engine: EngineApi;
  close(): Promise<void>;
}

/**
 * The engine fixture is loaded at run time so this suite type-checks while it is being written; without
 * it the scenario suites are skipped with a message (describeWithEngine), never silently passed.
 */
export const engineFixtureAvailable = existsSync(path.join(__dirname, '..', 'support', 'engine.ts'));

export const describeWithEngine: jest.Describe = engineFixtureAvailable
  ? describe
  : (((name: string, fn: () => void) => {
      console.warn(`Skipping "${name}": test/support/engine.ts (the engine fixture) does not exist yet`);
      describe.skip(name, fn);
    }) as jest.Describe);

async function startEngine(): Promise<EngineFixture> {
  const fixture = require('../support/engine') as { startEngine(): EngineFixture | Promise<EngineFixture> };
  return fixture.startEngine();
}

const BPMN_DIR = path.join(__dirname, '..', '..', 'bpmn');

export interface Harness {
  zeebe: ZeebeGrpcClient;
  engine: EngineApi;
  db: Database;
  repos: Repositories;
  /** Starts (more) real workers; all of them are closed by close(). */
  startWorkers(options?: Omit<StartWorkersOptions, 'zeebe' | 'db' | 'logger'>): RunningWorkers;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const fixture = await startEngine();
  const db = await openTestDatabase();
  const running: RunningWorkers[] = [];
  const { zeebe, engine } = fixture;
  for (const model of ['order-fulfilment.bpmn', 'customer-onboarding.bpmn']) {
    await zeebe.deployResource({ processFilename: path.join(BPMN_DIR, model) });
  }
  return {
    zeebe,
    engine,
    db,
    repos: createRepositories(db),
    startWorkers(options = {}) {
      const workers = startWorkers({ zeebe, db, logger, ...options });
      running.push(workers);
      return workers;
    },
    async close() {
      // The gateway goes first: it ends the workers' parked long polls with OK, which clears the SDK's
      // client-side poll timer (51 s); closing a worker mid-poll cancels the call and leaves that timer running.
      await fixture.close();
      await Promise.all(running.map((w) => w.close()));
      await db.close();
    },
  };
}

/** Polls until check() returns a value other than undefined/false; fails with what it waited for. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function elementInstances(engine: EngineApi, processInstanceKey: string): ElementInstanceView[] {
  return [...engine.listElementInstances(processInstanceKey)].filter((e) => e.type !== 'PROCESS');
}

/** Element ids that completed, in the order they completed. */
export function completedElements(engine: EngineApi, processInstanceKey: string): string[] {
  return elementInstances(engine, processInstanceKey)
    .filter((e) => e.state === 'COMPLETED')
    .sort((a, b) => (a.endSequence ?? a.endDate ?? 0) - (b.endSequence ?? b.endDate ?? 0))
    .map((e) => e.elementId);
}

export function activeElements(engine: EngineApi, processInstanceKey: string): string[] {
  return elementInstances(engine, processInstanceKey)
    .filter((e) => e.state === 'ACTIVE')
    .map((e) => e.elementId);
}

/** A readable dump for failure messages. */
export function describeInstance(engine: EngineApi, processInstanceKey: string): string {
  const instance = engine.getProcessInstance(processInstanceKey);
  const incidents = [...engine.listIncidents()]
    .filter((i) => i.processInstanceKey === processInstanceKey && i.state === 'ACTIVE')
    .map((i) => `${i.elementId}: ${i.errorMessage}`);
  return `instance ${processInstanceKey} ${instance?.state}; completed: ${completedElements(engine, processInstanceKey).join(' → ')}; active: ${activeElements(engine, processInstanceKey).join(', ')}; incidents: ${incidents.join(' | ') || 'none'}`;
}

export async function waitForEnd(engine: EngineApi, processInstanceKey: string, timeoutMs = 15_000): Promise<void> {
  try {
    await waitFor(
      `process instance ${processInstanceKey} to end`,
      () => engine.getProcessInstance(processInstanceKey)?.state !== 'ACTIVE',
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${describeInstance(engine, processInstanceKey)}`);
  }
}

export async function waitUntilActive(engine: EngineApi, processInstanceKey: string, elementId: string): Promise<void> {
  try {
    await waitFor(`${elementId} to be active`, () => activeElements(engine, processInstanceKey).includes(elementId));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${describeInstance(engine, processInstanceKey)}`);
  }
}
