/**
 * Crash test (issue 7): the standalone engine runs as a child process on a journal in a temp dir; 500
 * order-fulfilment instances are driven by the real workers over the SDK with the app data in PGlite, and the
 * engine is killed with SIGKILL at random moments four times and started again on the same ports and data.
 * Afterwards every instance the client got an acknowledgement for exists and ended in the state its order
 * has in the database, money balances, stock is not oversold and no side effect ran twice.
 *
 * A create whose call failed (the engine died mid-call) may or may not exist: the client retries it, and when
 * both attempts reached the journal the order has two instances. Those are counted ("extra instances from
 * client retries"), never as lost: the second one stops in an incident at register-order, before any effect.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import pino from 'pino';
import { createRepositories } from '../../src/data';
import type { Database } from '../../src/data/database';
import { openEngine } from '../../src/engine/engine';
import { startWorkers } from '../../workers/start-workers';
import { openTestDatabase } from '../data/test-database';
import { freePort } from '../support/free-port';
import { completedElements } from '../support/in-process';
import { EngineProcess } from './engine-process';
import { auditOrders, generateOrders, type OrderSeed } from './order-audit';

const ORDERS = 500;
const KILLS = 4;
const INITIAL_STOCK = 40;
const JOB_TIMEOUT_MS = 3_000;
const CREATORS = 16;
/** journal records between engine snapshots: small, so the kills land before, between and after many snapshots */
const SNAPSHOT_EVERY = '300';
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An SDK client that rides out a dead engine: quick reconnects, short worker back-off, no hidden retries. */
function resilientClient(grpcAddress: string): Camunda8 {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: grpcAddress,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_OAUTH_DISABLED: true,
    CAMUNDA_LOG_LEVEL: 'none',
    CAMUNDA_SUPPORT_LOG_ENABLED: false,
    CAMUNDA_JOB_WORKER_MAX_BACKOFF_MS: 500,
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      // the test retries creates itself, so it knows which attempt was acknowledged
      ZEEBE_GRPC_CLIENT_RETRY: false,
      ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: 50,
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
      ZEEBE_GRPC_CLIENT_CONNECTION_TOLERANCE_MS: 10,
      GRPC_INITIAL_RECONNECT_BACKOFF_MS: 100,
      GRPC_MAX_RECONNECT_BACKOFF_MS: 500,
      GRPC_MIN_RECONNECT_BACKOFF_MS: 100,
    },
  } as unknown as ConstructorParameters<typeof Camunda8>[0]);
}

async function searchInstances(
  restAddress: string,
): Promise<{ processInstanceKey: string; state: string; hasIncident: boolean }[]> {
  const response = await fetch(`${restAddress}/v2/process-instances/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ page: { limit: 10_000 } }),
  });
  if (!response.ok) throw new Error(`search answered ${response.status}`);
  return ((await response.json()) as { items: { processInstanceKey: string; state: string; hasIncident: boolean }[] })
    .items;
}

describe('crash test: kill -9 the standalone engine under 500 orders', () => {
  let dataDir: string;
  let engine: EngineProcess;
  let db: Database;
  let camunda: Camunda8 | undefined;
  let workers: ReturnType<typeof startWorkers> | undefined;

  const snapshotEveryBefore = process.env.ENGINE_SNAPSHOT_EVERY;
  beforeAll(async () => {
    // read by the engine child process (it inherits this env) and by the replay at the end of the test
    process.env.ENGINE_SNAPSHOT_EVERY = SNAPSHOT_EVERY;
    dataDir = mkdtempSync(path.join(tmpdir(), 'baton-crash-'));
    engine = new EngineProcess({ dataDir, grpcPort: await freePort(), restPort: await freePort() });
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await engine?.stop();
    await workers?.close();
    await camunda?.closeAllClients().catch(() => {});
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (snapshotEveryBefore === undefined) delete process.env.ENGINE_SNAPSHOT_EVERY;
    else process.env.ENGINE_SNAPSHOT_EVERY = snapshotEveryBefore;
  });

  test('every acknowledged instance survives and ends consistent with its order; nothing runs twice', async () => {
    const repos = createRepositories(db);
    const skus = Array.from({ length: 25 }, (_, i) => `SKU-${String(i).padStart(2, '0')}`);
    for (const sku of skus) await repos.inventory.setStock(sku, INITIAL_STOCK);
    const customers = Array.from({ length: 20 }, (_, i) => `customer-${i}`);
    // every fifth customer cannot pay: their orders are rejected
    for (const [i, c] of customers.entries())
      await repos.payments.setAccountBalance(c, 'EUR', i % 5 === 0 ? 5_00 : 1_000_000);
    await repos.shipments.setCarrier('parcelco', 'ParcelCo', 10_000);
    const orders = generateOrders(ORDERS, skus, customers);

    await engine.start();
    camunda = resilientClient(engine.grpcAddress);
    const zeebe = camunda.getZeebeGrpcApiClient();
    await zeebe.deployResource({ processFilename: path.join(__dirname, '..', '..', 'bpmn', 'order-fulfilment.bpmn') });
    await zeebe.deployResource({ decisionFilename: path.join(__dirname, '..', '..', 'bpmn', 'shipping-carrier.dmn') });
    workers = startWorkers({ zeebe, db, logger, jobTimeoutMs: JOB_TIMEOUT_MS, retryBackOffMs: () => 100 });

    // ---- drive: CREATORS concurrent clients create the orders, retrying until acknowledged ----
    const acknowledged = new Map<string, string>(); // orderId → processInstanceKey the client was told
    let failedAttempts = 0;
    const queue = [...orders];
    const create = async (order: OrderSeed) => {
      for (;;) {
        try {
          const { processInstanceKey } = await zeebe.createProcessInstance({
            bpmnProcessId: 'order-fulfilment',
            variables: { ...order },
          });
          acknowledged.set(order.orderId, processInstanceKey);
          return;
        } catch {
          failedAttempts++; // may or may not have reached the journal: retried, duplicates are counted below
          await sleep(100);
        }
      }
    };
    const creators = Array.from({ length: CREATORS }, async () => {
      for (let order = queue.shift(); order; order = queue.shift()) await create(order);
    });

    // ---- crash: kill -9 at random moments (seeded), some while creating, the last while workers finish ----
    let seed = 1234;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const killAt = Array.from({ length: KILLS - 1 }, (_, i) => Math.floor(((i + random()) / KILLS) * ORDERS));
    const crashes = (async () => {
      for (const threshold of killAt) {
        while (acknowledged.size < threshold) await sleep(20);
        await sleep(random() * 300);
        await engine.kill9();
        await sleep(100 + random() * 400);
        await engine.start();
      }
      await Promise.all(creators);
      await sleep(300 + random() * 1_000);
      await engine.kill9();
      await sleep(100 + random() * 400);
      await engine.start();
    })();
    await Promise.all([...creators, crashes]);

    // ---- let everything finish ----
    const deadline = Date.now() + 120_000;
    let live: Awaited<ReturnType<typeof searchInstances>> = [];
    for (;;) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM orders WHERE status <> 'in_progress'`,
      );
      if (rows[0].n === ORDERS) {
        live = await searchInstances(engine.restAddress);
        if (live.every((i) => i.state !== 'ACTIVE' || i.hasIncident)) break;
      }
      if (Date.now() > deadline) throw new Error(`orders did not finish: ${rows[0].n}/${ORDERS} final`);
      await sleep(250);
    }
    // the engine first: its gateway ends the workers' parked long polls with OK, so no SDK poll timer lingers
    await engine.stop();
    await workers.close();
    workers = undefined;

    // ---- the journal, replayed once more in this process, is what we audit ----
    expect(readdirSync(dataDir).filter((f) => f.startsWith('snapshot-')).length).toBeGreaterThan(0);
    const replayed = await openEngine({ dataDir, logger });
    try {
      const instances = [...replayed.listProcessInstances()];
      // replay is deterministic: the restored state equals what the live engine reported
      const digest = (list: { processInstanceKey: string; state: string }[]) =>
        list.map((i) => `${i.processInstanceKey}:${i.state}`).sort();
      expect(digest(instances)).toEqual(digest(live));

      const byOrder = new Map<string, string[]>();
      for (const v of replayed.listVariables()) {
        if (v.name !== 'orderId' || v.scopeKey !== v.processInstanceKey) continue;
        const id = String(v.value);
        byOrder.set(id, [...(byOrder.get(id) ?? []), v.processInstanceKey]);
      }
      const stored = new Map((await repos.orders.list({ limit: 10_000 })).map((o) => [o.id, o]));
      const endEvent: Record<string, string> = {
        completed: 'order-completed',
        cancelled: 'order-cancelled',
        rejected: 'order-rejected',
      };
      const problems: string[] = [];
      let recovered = 0;
      let extraInstances = 0;
      for (const [orderId, ackedKey] of acknowledged) {
        const keys = byOrder.get(orderId) ?? [];
        if (keys.includes(ackedKey)) recovered++;
        else problems.push(`${orderId}: acknowledged instance ${ackedKey} is gone`);
        const order = stored.get(orderId);
        const runner = order?.processInstanceKey;
        if (!order || !runner || !keys.includes(runner)) {
          problems.push(`${orderId}: no instance ran the order (${runner})`);
          continue;
        }
        const ran = replayed.getProcessInstance(runner);
        if (ran?.state !== 'COMPLETED' || !completedElements(replayed, runner).includes(endEvent[order.status])) {
          problems.push(
            `${orderId}: order is ${order.status} but instance ${runner} is ${ran?.state} (${completedElements(replayed, runner).join(' → ')})`,
          );
        }
        for (const extra of keys.filter((k) => k !== runner)) {
          // a create retried after a lost answer: it must have stopped before doing anything
          extraInstances++;
          const incident = [...replayed.listIncidents()].find(
            (i) => i.processInstanceKey === extra && i.state === 'ACTIVE',
          );
          if (incident?.elementId !== 'register-order')
            problems.push(`${orderId}: extra instance ${extra} did not stop at register-order`);
        }
      }
      const strays = [...byOrder.keys()].filter((id) => !acknowledged.has(id));
      const audit = await auditOrders(db, orders, INITIAL_STOCK);
      const lost = acknowledged.size - recovered;

      process.stdout.write(
        `crash test: ${engine.starts - 1} restarts (${KILLS} × kill -9), ${failedAttempts} create attempts failed and were retried, ${engine.tornTails} torn journal tails dropped\n` +
          `  instances acknowledged: ${acknowledged.size}\n` +
          `  instances recovered:    ${recovered}\n` +
          `  lost:                   ${lost}\n` +
          `  duplicates:             ${audit.duplicatedEffects} (side effects run twice)\n` +
          `  extra instances from client retries of unanswered creates: ${extraInstances} (stopped at register-order)\n` +
          `  orders by status: ${JSON.stringify(audit.byStatus)}\n`,
      );
      expect(acknowledged.size).toBe(ORDERS);
      expect(lost).toBe(0);
      expect(audit.duplicatedEffects).toBe(0);
      expect(strays).toEqual([]);
      expect([...problems, ...audit.problems]).toEqual([]);
      // the mix is real: every outcome happened
      expect(Object.keys(audit.byStatus).sort()).toEqual(['cancelled', 'completed', 'rejected']);
    } finally {
      replayed.close();
    }
  }, 170_000);
});
