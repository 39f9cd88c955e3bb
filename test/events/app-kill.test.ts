/**
 * The app as `npm start` runs it, publishing to a real RabbitMQ, killed with SIGKILL while orders run and
 * started again on the same data; the loyalty service runs alone (`npm run loyalty`) on the same broker.
 * Every stage event in the app's log reaches a queue bound to all of them at least once (a redelivery may
 * repeat an id, none is lost), each order's events arrive in the order they happened, and the loyalty
 * balance counts each completed order once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import amqp from 'amqplib';
import { EVENTS_EXCHANGE } from '../../src/events/amqp-bus';
import { STAGE_EVENT_TYPES } from '../../src/events/stage-event-types';
import { envWithoutAppSettings } from '../app/app-harness';
import { type StartedChild, spawnNode, waitWhileRunning } from '../support/child-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { startTestRabbitmq, type TestRabbitmq } from '../support/rabbitmq-server';
import { SAGA_EVENT_TYPES } from './stage-event-fixtures';

jest.setTimeout(300_000);

const API_KEY = 'app-kill-test-key-0123456789';
const ORDERS = 12;

interface Delivery {
  id: string;
  type: string;
  subject: string;
}

describe('stage events across an app kill -9 (npm start and npm run loyalty on RabbitMQ)', () => {
  let broker: TestRabbitmq;
  let dataDir: string;
  const children: StartedChild[] = [];

  beforeAll(async () => {
    broker = await startTestRabbitmq();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-app-kill-'));
  }, 120_000);
  afterAll(async () => {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startApp(port: number, env: Record<string, string>, entry = 'main'): Promise<StartedChild> {
    const started = spawnNode([path.join('scripts', 'run-built.cjs'), entry], {
      ...envWithoutAppSettings(),
      LOG_LEVEL: 'warn',
      EVENT_BUS_URL: broker.url,
      ...env,
    });
    children.push(started);
    const probe = entry === 'main' ? '/ready' : '/health';
    await waitWhileRunning(
      started,
      async () =>
        (await fetch(`http://127.0.0.1:${port}${probe}`).then(
          (r) => r.status,
          () => 0,
        )) === 200,
      `${entry} answering ${probe}`,
      120_000,
    );
    return started;
  }

  it('loses no event and credits each completed order once', async () => {
    // a listener of our own, bound before anything is published
    const connection = await amqp.connect(broker.url);
    const channel = await connection.createChannel();
    await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
    await channel.assertQueue('test.kill', { durable: true });
    for (const type of STAGE_EVENT_TYPES) await channel.bindQueue('test.kill', EVENTS_EXCHANGE, type);
    const deliveries: Delivery[] = [];
    await channel.consume('test.kill', (message) => {
      if (!message) return;
      deliveries.push(JSON.parse(message.content.toString()));
      channel.ack(message);
    });

    const loyaltyPort = await freePort();
    await startApp(
      loyaltyPort,
      { DATA_DIR: path.join(dataDir, 'loyalty-service'), LOYALTY_PORT: String(loyaltyPort) },
      'loyalty-main',
    );

    const port = await freePort();
    const appEnv = {
      PORT: String(port),
      ZEEBE_GATEWAY_PORT: '0',
      ZEEBE_REST_PORT: '0',
      DATA_DIR: path.join(dataDir, 'app'),
      API_KEY,
      LOYALTY_SERVICE: 'off',
    };
    const first = await startApp(port, appEnv);
    const api = `http://127.0.0.1:${port}/api`;
    const place = (i: number) =>
      fetch(`${api}/orders`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          orderId: `kill-${i}`,
          customerId: 'customer-3',
          items: [{ sku: 'SKU-BOOK', quantity: 1 }],
          amount: 10.75,
          currency: 'EUR',
        }),
      });
    const placed = await Promise.all(Array.from({ length: ORDERS }, (_, i) => place(i)));
    expect(placed.map((r) => r.status)).toEqual(Array(ORDERS).fill(201));
    // kill it while the saga and the publishing are under way
    await eventually(
      async () => deliveries.length,
      (n) => n >= 3,
      'the first deliveries',
      60_000,
    );
    first.child.kill('SIGKILL');
    await first.exited;

    await startApp(port, appEnv);
    const orderIds = Array.from({ length: ORDERS }, (_, i) => `kill-${i}`);
    for (const id of orderIds) {
      await eventually(
        async () => (await (await fetch(`${api}/orders/${id}`)).json()) as { status: string },
        (o) => o.status === 'completed',
        `order ${id} to complete after the restart`,
        120_000,
      );
    }
    const logged: Delivery[] = [];
    for (let after = 0; ; ) {
      const page = (await (await fetch(`${api}/events?limit=1000&after=${after}`)).json()) as {
        items: { seq: number; event: Delivery }[];
        next: number | null;
      };
      logged.push(...page.items.map((i) => i.event));
      if (page.next === null) break;
      after = page.next;
    }
    expect(logged.filter((e) => e.type === 'order.completed')).toHaveLength(ORDERS);
    await eventually(
      async () => new Set(deliveries.map((d) => d.id)).size,
      (n) => n === logged.length,
      'every logged event on the broker',
      60_000,
    );
    const seen = new Set<string>();
    const firsts = deliveries.filter((d) => !seen.has(d.id) && seen.add(d.id));
    expect(new Set(firsts.map((d) => d.id))).toEqual(new Set(logged.map((e) => e.id)));
    for (const id of orderIds) {
      expect(firsts.filter((d) => d.subject === id).map((d) => d.type)).toEqual(SAGA_EVENT_TYPES);
    }

    const loyalty = `http://127.0.0.1:${loyaltyPort}/api/customers/customer-3/loyalty`;
    await eventually(
      async () => (await (await fetch(loyalty)).json()) as { points: number },
      (b) => b.points === ORDERS * 10,
      `${ORDERS * 10} loyalty points`,
      60_000,
    );
    await connection.close();
  });
});
