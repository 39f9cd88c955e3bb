/**
 * Stage events in the whole app (startBaton as `npm start` wires it), on the in-process bus and on a real
 * RabbitMQ: an order placed through the API shows up in GET /api/events and in the SSE stream in the order
 * it happened, the embedded loyalty service credits it, and an onboarding reports its stages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { RunningBaton } from '../../src/boot/start-baton';
import { openTestDatabase } from '../data/test-database';
import { eventually } from '../support/eventually';
import { rabbitmqInstalled, startTestRabbitmq, type TestRabbitmq } from '../support/rabbitmq-server';
import { completedOrder, startTestBaton } from '../support/test-baton';
import { SAGA_EVENT_TYPES } from './stage-event-fixtures';

jest.setTimeout(120_000);

const API_KEY = 'events-app-key-0123456789';
const auth = { Authorization: `Bearer ${API_KEY}` };

/** Reads SSE messages from the stream until `count` arrived. */
function readStream(url: string, count: number): Promise<{ id: string; event: string; data: { type: string } }[]> {
  return new Promise((resolve, reject) => {
    const messages: { id: string; event: string; data: { type: string } }[] = [];
    const req = http.get(url, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .find((line) => line.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          if (field('data')) {
            messages.push({
              id: field('id') ?? '',
              event: field('event') ?? '',
              data: JSON.parse(field('data') ?? ''),
            });
          }
          if (messages.length >= count) {
            req.destroy();
            resolve(messages);
            return;
          }
          end = buffer.indexOf('\n\n');
        }
      });
    });
    req.on('error', reject);
    setTimeout(() => reject(new Error(`only ${messages.length} of ${count} SSE messages arrived`)), 20_000).unref();
  });
}

const buses: [string, () => Promise<Record<string, string>>][] = [['the in-process bus', async () => ({})]];
let broker: TestRabbitmq | undefined;
if (rabbitmqInstalled()) {
  buses.push([
    'RabbitMQ',
    async () => {
      broker ??= await startTestRabbitmq();
      return { EVENT_BUS_URL: broker.url };
    },
  ]);
}
afterAll(() => broker?.stop());

describe.each(buses)('the app’s stage events on %s', (_name, busEnv) => {
  let baton: RunningBaton;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'baton-events-'));
    const env = { ENGINE_DATA: 'memory', API_KEY, ...(await busEnv()) };
    baton = await startTestBaton({ dataDir, env, openDatabase: openTestDatabase });
  }, 120_000);
  afterAll(async () => {
    await baton?.close(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs an order’s stages in order, streams them, and the loyalty service credits the order', async () => {
    const before = (await request(baton.url).get('/api/customers/customer-1/loyalty')).body.points as number;
    await completedOrder(baton, auth); // 9.50 EUR
    const orders = await request(baton.url).get('/api/events?type=order.completed');
    const orderId = orders.body.items.at(-1).event.subject as string;
    const log = await eventually(
      async () => (await request(baton.url).get(`/api/events?subject=${orderId}`)).body,
      (body) =>
        body.items.length === SAGA_EVENT_TYPES.length &&
        body.items.every((i: { publishedAt: unknown }) => i.publishedAt),
      'the order’s events, published',
    );
    expect(log.items.map((i: { event: { type: string } }) => i.event.type)).toEqual(SAGA_EVENT_TYPES);
    expect(log.items[4].event).toMatchObject({ specversion: '1.0', source: '/baton/orders', subject: orderId });

    const stream = await readStream(`${baton.url}/api/events/stream?subject=${orderId}`, 5);
    expect(stream.map((m) => m.event)).toEqual(SAGA_EVENT_TYPES);
    const resumed = await readStream(`${baton.url}/api/events/stream?subject=${orderId}&after=${stream[2].id}`, 2);
    expect(resumed.map((m) => m.event)).toEqual(SAGA_EVENT_TYPES.slice(3));

    await eventually(
      async () => (await request(baton.url).get('/api/customers/customer-1/loyalty')).body,
      (body) => body.points === before + 9,
      '9 more loyalty points',
    );
  });

  it('streams events that happen while the client listens', async () => {
    const last = await request(baton.url).get('/api/events?type=order.completed');
    const after = last.body.items.at(-1)?.seq ?? 0;
    const listening = readStream(`${baton.url}/api/events/stream?type=order.completed&after=${after}`, 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await completedOrder(baton, auth);
    expect((await listening).map((m) => m.event)).toEqual(['order.completed']);
  });

  it('documents its endpoints in the OpenAPI document', async () => {
    const doc = (await request(baton.url).get('/api/openapi.json').expect(200)).body;
    expect(doc.paths['/api/events'].get.operationId).toBe('listEvents');
    expect(doc.paths['/api/events'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(doc.paths['/api/events/stream'].get.responses['200'].content)).toEqual(['text/event-stream']);
    expect(doc.paths['/api/customers/{customerId}/loyalty'].get.operationId).toBe('getLoyaltyBalance');
  });

  it('pages the log and refuses a bad query', async () => {
    const first = await request(baton.url).get('/api/events?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const next = await request(baton.url).get(`/api/events?limit=2&after=${first.body.next}`);
    expect(next.body.items[0].seq).toBeGreaterThan(first.body.items[1].seq);
    expect((await request(baton.url).get('/api/events?limit=0')).status).toBe(400);
  });

  it('takes an inbound CloudEvent (writes need the API key)', async () => {
    const event = {
      specversion: '1.0',
      id: 'delivery-1',
      source: '/carriers/parcelco',
      type: 'shipment.delivered',
      subject: 'no-such-order',
      data: {},
    };
    expect((await request(baton.url).post('/api/events').send(event)).status).toBe(401);
    const accepted = await request(baton.url).post('/api/events').set(auth).send(event);
    expect(accepted.status).toBe(202);
    expect((await request(baton.url).post('/api/events').set(auth).send({ id: 'x' })).status).toBe(400);
  });
});
