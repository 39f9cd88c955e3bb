/**
 * Where the time of one `POST /api/orders` goes: the same request through the app's real Express app with
 * less and less of what stands behind it replaced, beside the bare handler of rest-api.bench.ts.
 * - `http`: createApp with every middleware (request log, security headers, CORS, API key, zod), an orders
 *   repository that writes nothing and an engine that answers at once: the HTTP layer alone;
 * - `database`: the same with the real orders repository on PGlite on disk (the order row written);
 * The `ingest` row (ingest.bench.ts) measures the next layer, the app as `npm start` runs it with no worker
 * started; the rest row adds the workers. Informational: the figures show which layer a change has to make cheaper.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createApp } from '../src/app/create-app';
import { createBpmnLinter } from '../src/app/models/bpmn-linter';
import { createModelStore } from '../src/app/models/model-store';
import type { ProcessCommands } from '../src/app/process-commands/process-commands';
import { createRepositories, type Database, openDatabase } from '../src/data';
import type { NewOrder, Order, OrdersRepository } from '../src/data/repositories/orders-repository';
import { API_KEY, appOrdersPerSecond, copyOfDataDir, expressOrdersPerSecond } from './rest-api.bench';
import { summarize } from './stats';

const ROOT = path.join(__dirname, '..');

export interface LayerRates {
  http: number;
  database: number;
}

/** An engine that starts every instance at once with a new key. */
function instantEngine(): ProcessCommands {
  let key = 2251799813685000;
  return {
    startProcess: async (bpmnProcessId) => ({
      processInstanceKey: String(++key),
      processDefinitionKey: '1',
      bpmnProcessId,
      version: 1,
    }),
    cancelProcess: async () => {},
    publishMessage: async () => ({ messageKey: String(++key) }),
    deploy: async () => ({ deploymentKey: '1', processes: [] }),
    ping: async () => {},
  };
}

/** The orders repository with a createMany that writes nothing: what the route needs of it, without a database. */
function ordersWithoutDatabase(real: OrdersRepository): OrdersRepository {
  const createMany = async (batch: NewOrder[]) =>
    batch.map((o) => {
      const now = new Date();
      const order: Order = {
        ...o,
        processInstanceKey: o.processInstanceKey ?? null,
        status: 'in_progress',
        statusReason: null,
        createdAt: now,
        updatedAt: now,
      };
      return { order, created: true };
    });
  return { ...real, createMany };
}

async function appLayerPerSecond(db: Database, withoutDatabase: boolean, seconds: number): Promise<number> {
  const repositories = createRepositories(db);
  const orders = withoutDatabase ? ordersWithoutDatabase(repositories.orders) : repositories.orders;
  const app = createApp({
    logger: pino({ level: 'silent' }),
    repositories: { ...repositories, orders },
    processes: instantEngine(),
    processState: { read: async () => undefined },
    models: createModelStore(path.join(ROOT, 'bpmn')),
    linter: createBpmnLinter(path.join(ROOT, '.bpmnlintrc')),
    readiness: { engine: async () => {}, database: async () => {} },
    apiKey: API_KEY,
  });
  return expressOrdersPerSecond(app, seconds);
}

/**
 * `POST /api/orders` per second on the app as `npm start` runs it with no worker started (no admission bound):
 * the `ingest` row of bench/run.ts.
 */
export async function apiWithoutWorkersPerSecond(seconds: number): Promise<number> {
  return (await appOrdersPerSecond(seconds, false)).accepted;
}

/** Each layer `reps` times, the layers alternating (a change in the machine's load meets all alike); medians. */
export async function orderLayersPerSecond(seconds: number, reps: number): Promise<LayerRates> {
  const dataDir = await copyOfDataDir();
  const db = await openDatabase({ dataDir });
  const samples: Record<keyof LayerRates, number[]> = { http: [], database: [] };
  try {
    for (let i = 0; i < reps; i++) {
      samples.http.push(await appLayerPerSecond(db, true, seconds));
      samples.database.push(await appLayerPerSecond(db, false, seconds));
    }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    http: summarize(samples.http).median,
    database: summarize(samples.database).median,
  };
}
