/**
 * Test harness for the app's API: createApp over a real migrated in-memory database, a temporary copy of
 * bpmn/ as the model store, the real linter, and either the embedded engine over real gRPC (SDK client, the
 * repository's models deployed, no workers) or stubs for the engine and the process state reader.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { type AppDeps, createApp } from '../../src/app/create-app';
import { createBpmnLinter } from '../../src/app/models/bpmn-linter';
import { createModelStore, isDeployedFile } from '../../src/app/models/model-store';
import type { ProcessCommands } from '../../src/app/process-commands/process-commands';
import { zeebeProcessCommands } from '../../src/app/process-commands/zeebe-process-commands';
import type { ProcessStateReader } from '../../src/app/process-state/process-state-reader';
import { createRepositories, type Database, type Repositories } from '../../src/data';
import { seedDemoData } from '../../src/data/seed';
import { openTestDatabase } from '../data/test-database';
import { startEmbeddedEngine, type TestEngine } from '../support/engine';

export const ROOT = path.join(__dirname, '..', '..');
export const API_KEY = 'test-api-key-0123456789abcdef';
export const AUTH = { Authorization: `Bearer ${API_KEY}` };

/** Places a one-lamp order for customer-1 through the app's API and expects the 201. */
export async function placeLampOrder(baseUrl: string, apiKey: string, orderId: string): Promise<void> {
  const created = await request(baseUrl)
    .post('/api/orders')
    .set({ Authorization: `Bearer ${apiKey}` })
    .send({
      orderId,
      customerId: 'customer-1',
      items: [{ sku: 'SKU-LAMP', quantity: 1 }],
      amount: 29.9,
      currency: 'EUR',
    });
  expect(created.status).toBe(201);
}

/** This process's environment without the app's own settings, for an app child process a test configures. */
export function envWithoutAppSettings(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(ZEEBE_|CAMUNDA_|API_KEY|DATABASE_URL|PORT|DATA_DIR|ENGINE_|CORS_ORIGINS)/.test(name),
    ),
  ) as Record<string, string>;
}

export interface TestApp {
  app: Express;
  db: Database;
  repositories: Repositories;
  modelsDir: string;
  engine?: TestEngine;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** start the embedded engine and talk to it over gRPC (default: stubs) */
  engine?: boolean;
  processes?: ProcessCommands;
  processState?: ProcessStateReader;
  readiness?: AppDeps['readiness'];
  maxModelBytes?: number;
  corsOrigins?: string[];
  overrides?: Partial<AppDeps>;
}

/** A ProcessCommands stub that records calls and answers with increasing keys. */
export function stubProcesses(): ProcessCommands & { calls: { method: string; args: unknown[] }[] } {
  let key = 2251799813685000;
  const calls: { method: string; args: unknown[] }[] = [];
  return {
    calls,
    async startProcess(bpmnProcessId, variables) {
      calls.push({ method: 'startProcess', args: [bpmnProcessId, variables] });
      key += 1;
      return { processInstanceKey: String(key), processDefinitionKey: '2251799813680001', bpmnProcessId, version: 1 };
    },
    async cancelProcess(processInstanceKey) {
      calls.push({ method: 'cancelProcess', args: [processInstanceKey] });
    },
    async publishMessage(message) {
      calls.push({ method: 'publishMessage', args: [message] });
      key += 1;
      return { messageKey: String(key) };
    },
    async deploy(resources) {
      calls.push({ method: 'deploy', args: [resources] });
      return { deploymentKey: '1', processes: [] };
    },
    async ping() {},
  };
}

export const silentLogger = () => pino({ level: 'silent' });

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await openTestDatabase();
  await seedDemoData(db);
  const repositories = createRepositories(db);
  const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'baton-models-'));
  cpSync(path.join(ROOT, 'bpmn'), modelsDir, { recursive: true });

  let engine: TestEngine | undefined;
  let processes = options.processes ?? stubProcesses();
  if (options.engine) {
    engine = await startEmbeddedEngine({ logLevel: 'silent' });
    processes = zeebeProcessCommands(engine.zeebe);
    // the models with the decisions and forms beside them, as start-up deploys them
    const files = readdirSync(modelsDir).filter(isDeployedFile);
    await processes.deploy(files.map((name) => ({ name, content: readFileSync(path.join(modelsDir, name)) })));
  }

  const app = createApp({
    logger: silentLogger(),
    repositories,
    processes,
    processState: options.processState ?? { read: async () => undefined },
    models: createModelStore(modelsDir),
    linter: createBpmnLinter(path.join(ROOT, '.bpmnlintrc')),
    readiness: options.readiness ?? {
      engine: () => processes.ping(),
      database: async () => {
        await db.query('SELECT 1');
      },
    },
    apiKey: API_KEY,
    corsOrigins: options.corsOrigins,
    maxModelBytes: options.maxModelBytes,
    ...options.overrides,
  });

  return {
    app,
    db,
    repositories,
    modelsDir,
    engine,
    async close() {
      await engine?.close();
      await db.close();
      rmSync(modelsDir, { recursive: true, force: true });
    },
  };
}

export async function countRows(db: Database, table: string): Promise<number> {
  const result = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return result.rows[0].n;
}

/** Asserts the problem+json shape every error shares. */
export function expectProblem(res: { status: number; headers: Record<string, string>; body: unknown }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as Record<string, unknown>;
  expect(body).toEqual(expect.objectContaining({ type: 'about:blank', status, title: expect.any(String) }));
  expect(JSON.stringify(body)).not.toMatch(/\s+at\s+\S+\s+\(|node_modules|\.ts:\d+/);
  return body as { detail: string; errors?: { field: string; message: string }[]; problems?: unknown[] };
}
