/**
 * REST: sustained `POST /api/orders` throughput of the real app (embedded engine, workers, PGlite) with
 * autocannon, beside a bare Express handler that parses the same JSON, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import pino from 'pino';
import { startBaton } from '../src/app/start-baton';
import { loadConfig } from '../src/config';
import { openPgliteDatabase } from '../src/data/pglite-database';
import { migrate } from '../src/data/migrate';

const API_KEY = 'bench-api-key-0123456789';
const ORDER = JSON.stringify({
  customerId: 'customer-1',
  items: [{ sku: 'SKU-MUG', quantity: 1 }],
  amount: 12.5,
  currency: 'EUR',
});

async function requestsPerSecond(url: string, seconds: number): Promise<number> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: 10,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: ORDER,
  });
  const ok = result['2xx'];
  if (ok === 0 || result.non2xx > result['2xx'] / 100) {
    throw new Error(`${url}: ${result.non2xx} non-2xx of ${result.requests.total} requests`);
  }
  return ok / seconds;
}

export async function appOrdersPerSecond(seconds: number): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-bench-rest-'));
  const config = loadConfig({ DATA_DIR: dataDir, ENGINE_DATA: 'memory', LOG_LEVEL: 'silent', API_KEY });
  const baton = await startBaton({
    config,
    logger: pino({ level: 'silent' }),
    host: '127.0.0.1',
    apiPort: 0,
    grpcPort: 0,
    restPort: 0,
    openDatabase: async () => {
      const db = await openPgliteDatabase({});
      await migrate(db);
      return db;
    },
  });
  try {
    return await requestsPerSecond(`${baton.url}/api/orders`, seconds);
  } finally {
    await baton.close(10_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function bareExpressPerSecond(seconds: number): Promise<number> {
  const app = express();
  app.use(express.json());
  app.post('/api/orders', (req, res) => {
    res.status(201).json({ id: 'order', received: Object.keys(req.body as object).length });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    return await requestsPerSecond(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/orders`, seconds);
  } finally {
    server.close();
  }
}
