/**
 * Several processes on one PostgreSQL (issue 26): `npm start`'s bundle as BATON_ROLE=api (API, outbox relay
 * and the embedded engine, no workers) and two BATON_ROLE=workers processes taking jobs from its gateway.
 * An order placed before any worker runs stays in progress; with the two worker processes every order
 * completes, each charged, reserved, shipped and confirmed by email exactly once (rows counted), and the
 * relay delivers each confirmation to the webhook exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { StartedChild } from '../support/child-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { type OwnDatabase, ownPostgresDatabase } from '../support/postgres-database';
import { ensureBundleBuilt, printed, startRole, stopChild } from '../support/role-process';

jest.setTimeout(180_000);

const API_KEY = 'multi-process-key-0123456789';
const ORDERS = 24;

describe('one api process and two worker processes on one PostgreSQL', () => {
  let db: OwnDatabase;
  let dataDir: string;
  let receiver: Server;
  const deliveries = new Map<string, number>();
  const children: StartedChild[] = [];

  beforeAll(async () => {
    await ensureBundleBuilt();
    db = await ownPostgresDatabase('baton_multi_process');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-multi-process-'));
    receiver = createServer((req, res) => {
      const key = String(req.headers['idempotency-key']);
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    await new Promise((resolve) => receiver?.close(resolve));
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('every order completes with each side effect exactly once', async () => {
    const [port, grpcPort] = [await freePort(), await freePort()];
    const webhook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/outbox`;
    const api = startRole('api', {
      DATABASE_URL: db.url,
      DATA_DIR: path.join(dataDir, 'api'),
      PORT: String(port),
      ZEEBE_GATEWAY_PORT: String(grpcPort),
      ZEEBE_REST_PORT: '0',
      API_KEY,
      OUTBOX_WEBHOOK_URL: webhook,
      OUTBOX_POLL_INTERVAL_MS: '50',
    });
    children.push(api);
    await printed(api, 'Baton is running', 120_000);
    expect(api.stdout()).toContain('role api: no job workers here');

    const url = `http://127.0.0.1:${port}`;
    const place = async (orderId: string) => {
      const res = await fetch(`${url}/api/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          orderId,
          customerId: 'customer-1',
          items: [{ sku: 'SKU-MUG', quantity: 1 }],
          amount: 12.5,
          currency: 'EUR',
        }),
      });
      expect(res.status).toBe(201);
    };
    const status = async (orderId: string) =>
      ((await (await fetch(`${url}/api/orders/${orderId}`)).json()) as { status: string }).status;

    // the api role runs no workers: an order waits
    await place('order-before-workers');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await status('order-before-workers')).toBe('in_progress');

    const workerEnv = (name: string) => ({
      DATABASE_URL: db.url,
      DATA_DIR: path.join(dataDir, name),
      ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${grpcPort}`,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
    });
    // a workers process serves no HTTP, whatever PORT says
    const unusedPort = await freePort();
    const workers = [
      startRole('workers', { ...workerEnv('w1'), PORT: String(unusedPort) }),
      startRole('workers', workerEnv('w2')),
    ];
    children.push(...workers);
    await Promise.all(workers.map((w) => printed(w, 'Baton workers are running')));
    expect(await fetch(`http://127.0.0.1:${unusedPort}/ready`).catch(() => 'nothing listens')).toBe('nothing listens');

    const ids = Array.from({ length: ORDERS }, (_, i) => `order-${i}`);
    await Promise.all(ids.map(place));
    const all = ['order-before-workers', ...ids];
    await eventually(
      async () => Promise.all(all.map(status)),
      (statuses) => statuses.every((s) => s !== 'in_progress'),
      'every order to finish',
      90_000,
    ).catch((err) => {
      throw new Error(`${err.message}\nworkers said:\n${workers.map((w) => w.stdout() + w.stderr()).join('\n---\n')}`);
    });
    expect(await Promise.all(all.map(status))).toEqual(all.map(() => 'completed'));

    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    try {
      const perOrder = async (sql: string) => {
        const { rows } = await pg.query<{ order_id: string; n: number }>(sql);
        return Object.fromEntries(rows.map((r) => [r.order_id, Number(r.n)]));
      };
      const once = Object.fromEntries(all.map((id) => [id, 1]));
      expect(
        await perOrder(`SELECT order_id, count(*) n FROM payments WHERE kind = 'charge' GROUP BY order_id`),
      ).toEqual(once);
      expect(
        await perOrder(`SELECT order_id, count(*) n FROM payments WHERE kind = 'refund' GROUP BY order_id`),
      ).toEqual({});
      expect(
        await perOrder(`SELECT order_id, count(*) n FROM reservations WHERE status = 'reserved' GROUP BY order_id`),
      ).toEqual(once);
      expect(
        await perOrder(`SELECT order_id, count(*) n FROM shipments WHERE status = 'created' GROUP BY order_id`),
      ).toEqual(once);
      expect(
        await perOrder(
          `SELECT payload->>'orderId' AS order_id, count(*) n FROM outbox WHERE channel = 'email' GROUP BY 1`,
        ),
      ).toEqual(once);
      // the relay delivered each confirmation once
      await eventually(
        async () => all.map((id) => deliveries.get(`order:${id}:confirmation`) ?? 0),
        (counts) => counts.every((n) => n >= 1),
        'every confirmation to be delivered',
        15_000,
      );
      expect(all.map((id) => deliveries.get(`order:${id}:confirmation`))).toEqual(all.map(() => 1));
    } finally {
      await pg.end();
    }

    for (const child of children.splice(0)) expect(await stopChild(child)).toBe(0);
  });
});
