/**
 * workers/start-workers.ts driving real @camunda8/sdk workers over gRPC against the embedded engine: invalid input
 * variables become an incident a person can read (retries 0, the field named) without touching the data, a
 * technical error is retried with one retry less only after its backoff, the SDK's own worker logs arrive in
 * pino, close() lets a job in hand finish before it resolves, and each worker polls again after 50 ms.
 */
import { Writable } from 'node:stream';
import type { JSONDoc } from '@camunda8/sdk/dist/zeebe/types';
import pino from 'pino';
import { z } from 'zod';
import type { Database } from '../../src/data/database';
import { createInventoryRepository } from '../../src/data/repositories/inventory-repository';
import type { EngineApi } from '../../src/engine/engine-api';
import { reserveInventory } from '../../workers/order/reserve-inventory';
import {
  DEFAULT_POLL_INTERVAL_MS,
  type RunningWorkers,
  type StartWorkersOptions,
  startWorkers,
} from '../../workers/start-workers';
import { defineWorker, type JobHandler } from '../../workers/worker-definition';
import { openTestDatabase } from '../data/test-database';
import { bpmnXml, serviceTask } from '../support/bpmn';
import { startEngine, type TestEngine } from '../support/engine';
import { pollFor } from '../support/eventually';

const silent = pino({ level: 'silent' });

/** A worker of a test-only task type whose handler the test supplies. */
function testWorker(taskType: string, handler: JobHandler<{ n: number }, { done: boolean }>) {
  return defineWorker({
    taskType,
    inputSchema: z.object({ n: z.number() }),
    outputSchema: z.object({ done: z.boolean() }),
    bpmnErrors: [],
    createHandler: () => handler,
  });
}

/** The engine's views change within a few worker polls; 10 s leaves room for a loaded machine. */
const waitFor = <T>(what: string, read: () => T | undefined | false) => pollFor(what, read, 10_000);

describe('worker registry over gRPC', () => {
  let cluster: TestEngine;
  let engine: EngineApi;
  let db: Database;
  const running: RunningWorkers[] = [];

  const start = (options: Omit<StartWorkersOptions, 'zeebe' | 'db'>) => {
    // a short long poll, so a worker closed mid-poll leaves no long SDK timer behind
    const workers = startWorkers({ zeebe: cluster.zeebe, db, longPollMs: 1_000, ...options });
    running.push(workers);
    return workers;
  };

  async function deployAndStart(processId: string, taskType: string, variables: JSONDoc) {
    const xml = bpmnXml({
      id: processId,
      elements: `<bpmn:startEvent id="start"/>${serviceTask('task', taskType)}<bpmn:endEvent id="end"/>`,
      flows: ['start -> task -> end'],
    });
    await cluster.zeebe.deployResource({ name: `${processId}.bpmn`, process: Buffer.from(xml) });
    const { processInstanceKey } = await cluster.zeebe.createProcessInstance({ bpmnProcessId: processId, variables });
    return processInstanceKey;
  }

  const jobOf = (processInstanceKey: string) =>
    [...engine.listJobs()].find((j) => j.processInstanceKey === processInstanceKey);

  beforeAll(async () => {
    cluster = await startEngine();
    if (!cluster.engine) throw new Error('these tests drive the embedded engine (clock, job views)');
    engine = cluster.engine;
    db = await openTestDatabase();
  });
  afterEach(async () => {
    engine.clock.reset();
    await Promise.all(running.splice(0).map((w) => w.close()));
  });
  afterAll(async () => {
    await cluster?.close();
    await db?.close();
  });

  it('fails a job with invalid input variables with retries 0, naming the field, and changes nothing', async () => {
    const inventory = createInventoryRepository(db);
    await inventory.setStock('SKU-REG', 5);
    start({ logger: silent, definitions: [reserveInventory] });
    const key = await deployAndStart('registry-invalid', 'reserve-inventory', {
      orderId: 'order-invalid',
      items: [{ sku: 'SKU-REG', quantity: 0 }],
    });

    const incident = await waitFor('an incident', () =>
      [...engine.listIncidents()].find((i) => i.processInstanceKey === key),
    );
    expect(incident).toMatchObject({ elementId: 'task', errorType: 'JOB_NO_RETRIES', state: 'ACTIVE' });
    expect(incident.errorMessage).toBe(
      'Invalid input variables for reserve-inventory (element task): items[0].quantity: must be greater than 0',
    );
    expect(jobOf(key)?.retries).toBe(0);
    expect(await inventory.reservation('order-invalid')).toBeUndefined();
    expect(await inventory.stock('SKU-REG')).toEqual({ sku: 'SKU-REG', available: 5, reserved: 0 });
  });

  it('fails a technical error with one retry less, and the retry waits for the backoff', async () => {
    engine.clock.pin(engine.clock.now());
    let calls = 0;
    const flaky = testWorker('registry-flaky', async () => {
      calls += 1;
      if (calls === 1) throw new Error('database is down');
      return { done: true };
    });
    start({ logger: silent, definitions: [flaky], retryBackOffMs: () => 60_000 });
    const key = await deployAndStart('registry-flaky', 'registry-flaky', { n: 1 });

    const failed = await waitFor('the failure', () => {
      const job = jobOf(key);
      return job?.errorMessage ? job : undefined;
    });
    expect(failed).toMatchObject({ retries: 2, errorMessage: 'registry-flaky failed: database is down' });
    expect([...engine.listIncidents()].filter((i) => i.processInstanceKey === key)).toEqual([]);
    // The engine clock stands still: the backoff has not passed, so nobody gets the job again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toBe(1);

    engine.clock.advance(60_000);
    await waitFor('the instance to complete', () => engine.getProcessInstance(key)?.state === 'COMPLETED');
    expect(calls).toBe(2);
  });

  it('routes the SDK worker logs to pino', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    start({
      logger: pino({ level: 'debug' }, sink),
      definitions: [testWorker('registry-logs', async () => ({ done: true }))],
    });
    const sdkLine = await waitFor('an SDK log line', () => lines.find((l) => l.sdk === true));
    expect(sdkLine).toMatchObject({ worker: 'registry-logs', level: expect.any(Number), msg: expect.any(String) });
  });

  it('close() lets the job in hand finish and report before it resolves', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const slow = testWorker('registry-slow', async () => {
      started = true;
      await held;
      return { done: true };
    });
    const workers = start({ logger: silent, definitions: [slow] });
    const key = await deployAndStart('registry-slow', 'registry-slow', { n: 1 });
    await waitFor('the job to be in hand', () => started);

    let closed = false;
    const closing = workers.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    release();
    await closing;
    await waitFor('the completion to reach the engine', () => engine.getProcessInstance(key)?.state === 'COMPLETED');
    expect(jobOf(key)?.state).toBe('COMPLETED');
  });
});

describe('worker registry settings', () => {
  /** The options each worker was created with, from a client that only records them. */
  function createdWith(options: Partial<StartWorkersOptions> = {}) {
    const created: Record<string, unknown>[] = [];
    const zeebe = {
      createWorker: (config: Record<string, unknown>) => {
        created.push(config);
        return { close: async () => undefined };
      },
    } as unknown as StartWorkersOptions['zeebe'];
    startWorkers({ zeebe, db: {} as Database, logger: silent, ...options });
    return created;
  }

  it("asks for jobs again 50 ms after an activation answers, not after the SDK's 300 ms", () => {
    const created = createdWith();
    expect(created.length).toBeGreaterThan(5);
    expect(new Set(created.map((c) => c.pollInterval))).toEqual(new Set([DEFAULT_POLL_INTERVAL_MS]));
    expect(DEFAULT_POLL_INTERVAL_MS).toBe(50);
    expect(createdWith({ pollIntervalMs: 7, taskTypes: ['charge-payment'] })).toEqual([
      expect.objectContaining({ taskType: 'charge-payment', pollInterval: 7, maxJobsToActivate: 32 }),
    ]);
  });
});
