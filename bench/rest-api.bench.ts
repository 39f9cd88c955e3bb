/**
 * REST: sustained `POST /api/orders` throughput of the app as `npm start` runs it (embedded engine with its
 * journal, PGlite on disk, the workers in the same process) with autocannon, beside a bare Express handler
 * that parses the same JSON, in the same run. Both get the same body, headers and autocannon settings and a
 * warm-up first; only 2xx answers count, and a run with more than 1% errors, timeouts or non-2xx fails.
 * Every app run starts on a copy of one data directory a first start created (as a restart of `npm start`
 * would; with stock, funds and pickup slots for every order), so PGlite's initdb is paid once, not per
 * repetition. rest-layers.bench.ts takes the same request apart layer by layer, and uses the app here without
 * its workers as one of them.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express, { type Express } from 'express';
import pino from 'pino';
import { type StartBatonOptions, startBaton } from '../src/boot/start-baton';
import { loadConfig } from '../src/config';
import type { Database } from '../src/data';

export const API_KEY = 'bench-api-key-0123456789';
/** the order every flood places (one mug: the flood's data has stock for every one) */
export const ORDER = JSON.stringify({
  customerId: 'customer-1',
  items: [{ sku: 'SKU-MUG', quantity: 1 }],
  amount: 12.5,
  currency: 'EUR',
});
export const WARM_UP_SECONDS = 1;

/** autocannon's flood of `POST /api/orders`: 10 connections for `seconds`, the bench's order and API key. */
export const floodOrders = (url: string, seconds: number) =>
  autocannon({
    url,
    method: 'POST',
    connections: 10,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: ORDER,
  });

async function requestsPerSecond(url: string, seconds: number): Promise<number> {
  const result = await floodOrders(url, seconds);
  const ok = result['2xx'];
  const bad = result.non2xx + result.errors; // errors include timeouts
  if (ok === 0 || bad > ok / 100) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts beside ${ok} 2xx`,
    );
  }
  return ok / result.duration;
}

export interface AppOrdersRun {
  /** 201s per second */
  accepted: number;
  /** orders the workers finished (completed, rejected or cancelled) per second of the same run */
  finished: number;
  /** of those, the share that completed (the rest were rejected or cancelled) */
  completedShare: number;
}

export const startApp = (
  dataDir: string,
  options: Pick<StartBatonOptions, 'workers'> = {},
  env: Record<string, string> = {},
) =>
  startBaton({
    ...options,
    // no admission bound unless `env` sets one: these rows measure what the app takes when nothing refuses
    config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', API_KEY, ORDER_BACKLOG_LIMIT: '0', ...env }),
    logger: pino({ level: 'silent' }),
    host: '127.0.0.1',
    apiPort: 0,
    grpcPort: 0,
    restPort: 0,
  });

let template: string | undefined;

/**
 * The demo data lasts for about a hundred orders of one SKU (100 in stock): after that every order would be
 * rejected and compensated, and the run would measure the rejection path. The flood gets stock, funds and
 * pickup slots for every order it can place, so each takes the path to completion.
 */
export async function provisionForFlood(db: Pick<Database, 'query'>) {
  const plenty = 2_000_000_000; // the columns are int4
  await db.query('UPDATE inventory SET available = $1', [plenty]);
  await db.query('UPDATE payment_accounts SET balance_minor = $1', [plenty]);
  await db.query('UPDATE carriers SET free_slots = $1', [plenty]);
}

/**
 * A data directory after one start (database created, migrated and provisioned, models deployed), made once
 * per process.
 */
async function dataDirTemplate(): Promise<string> {
  if (!template) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'baton-bench-rest-template-'));
    const baton = await startApp(dir);
    await provisionForFlood(baton.db);
    await baton.close(10_000);
    template = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return template;
}

/** A fresh copy of the template data directory; the caller removes it. */
export async function copyOfDataDir(): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-bench-rest-'));
  cpSync(await dataDirTemplate(), dataDir, { recursive: true });
  return dataDir;
}

/**
 * `withWorkers: false` starts no worker: the API alone, its orders waiting as jobs in the engine. `env`: more
 * settings (events.bench.ts: EVENT_BUS_URL).
 */
export async function appOrdersPerSecond(
  seconds: number,
  withWorkers = true,
  env: Record<string, string> = {},
): Promise<AppOrdersRun> {
  const dataDir = await copyOfDataDir();
  const baton = await startApp(dataDir, withWorkers ? {} : { workers: { taskTypes: [] } }, env);
  try {
    const url = `${baton.url}/api/orders`;
    await requestsPerSecond(url, WARM_UP_SECONDS);
    const before = await finishedOrders(baton.db);
    const started = Date.now();
    const accepted = await requestsPerSecond(url, seconds);
    const after = await finishedOrders(baton.db);
    const finished = after.finished - before.finished;
    const completedShare = finished > 0 ? (after.completed - before.completed) / finished : 1;
    return { accepted, finished: finished / ((Date.now() - started) / 1000), completedShare };
  } finally {
    await baton.close(10_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function finishedOrders(db: Database): Promise<{ finished: number; completed: number }> {
  const { rows } = await db.query<{ finished: number; completed: number }>(
    `SELECT count(*) FILTER (WHERE status <> 'in_progress')::int AS finished,
            count(*) FILTER (WHERE status = 'completed')::int AS completed
       FROM orders`,
  );
  return rows[0];
}

export async function bareExpressPerSecond(seconds: number): Promise<number> {
  const app = express();
  app.use(express.json());
  app.post('/api/orders', (req, res) => {
    res.status(201).json({ id: 'order', received: Object.keys(req.body as object).length });
  });
  return expressOrdersPerSecond(app, seconds);
}

/** Serves `app` on a loopback port and floods its POST /api/orders, after the same warm-up as every run. */
export async function expressOrdersPerSecond(app: Express, seconds: number): Promise<number> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/orders`;
    await requestsPerSecond(url, WARM_UP_SECONDS);
    return await requestsPerSecond(url, seconds);
  } finally {
    server.close();
  }
}
