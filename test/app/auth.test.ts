/**
 * Writes need `Authorization: Bearer <API key>`: without it, with a wrong key or another scheme every write
 * endpoint answers 401 problem+json and changes nothing; reads stay open. The key itself comes from API_KEY,
 * or is generated once and kept under DATA_DIR.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { resolveApiKey } from '../../src/app/api-key';
import { API_KEY, countRows, expectProblem, startTestApp, stubProcesses, type TestApp } from './app-harness';

describe('API key on writes', () => {
  let t: TestApp;
  const processes = stubProcesses();
  beforeAll(async () => {
    t = await startTestApp({ processes });
    await t.repositories.customers.create({ id: 'cust-auth', email: 'a@example.com', company: 'A' });
  });
  afterAll(() => t.close());

  const endpoints: [string, string, unknown][] = [
    ['post', '/api/orders', { customerId: 'c', items: [{ sku: 'SKU-BOOK', quantity: 1 }], amount: 1, currency: 'EUR' }],
    ['post', '/api/onboardings', { customerId: 'c-new', email: 'n@example.com', company: 'N' }],
    ['post', '/api/onboardings/cust-auth/kickoff-completed', {}],
    ['post', '/api/onboardings/cust-auth/cancellation', {}],
    ['put', '/api/models/order-fulfilment', undefined],
    ['post', '/api/models/order-fulfilment/deployment', undefined],
  ];

  const send = (method: string, url: string, body: unknown) => {
    const r = method === 'put' ? request(t.app).put(url) : request(t.app).post(url);
    return body === undefined ? r.set('Content-Type', 'application/xml').send('<x/>') : r.send(body as object);
  };

  const credentials: [string, string | undefined, RegExp][] = [
    ['no Authorization header', undefined, /API key/],
    ['a wrong key', `Bearer ${API_KEY}x`, /not valid/],
    ['an empty bearer', 'Bearer ', /API key/],
    ['another scheme with the right key', `Basic ${API_KEY}`, /API key/],
  ];

  describe.each(credentials)('with %s', (_name, header, detail) => {
    it.each(endpoints)('%s %s answers 401 and changes nothing', async (method, url, body) => {
      const orders = await countRows(t.db, 'orders');
      const model = readFileSync(path.join(t.modelsDir, 'order-fulfilment.bpmn'), 'utf8');
      const calls = processes.calls.length;
      const r = send(method, url, body);
      const res = header === undefined ? await r : await r.set('Authorization', header);
      const problem = expectProblem(res, 401);
      expect(problem.detail).toMatch(detail);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(await countRows(t.db, 'orders')).toBe(orders);
      expect(readFileSync(path.join(t.modelsDir, 'order-fulfilment.bpmn'), 'utf8')).toBe(model);
      expect(processes.calls.length).toBe(calls);
    });
  });

  it('accepts the right key (case-insensitive scheme)', async () => {
    const res = await request(t.app)
      .post('/api/orders')
      .set('Authorization', `bearer ${API_KEY}`)
      .send({ customerId: 'c', items: [{ sku: 'SKU-BOOK', quantity: 1 }], amount: 1, currency: 'EUR' });
    expect(res.status).toBe(201);
  });

  it.each(['/api/inventory', '/api/models', '/api/models/order-fulfilment', '/api/openapi.json', '/health', '/ready'])(
    'GET %s is open',
    async (url) => {
      expect((await request(t.app).get(url)).status).toBe(200);
    },
  );
});

describe('resolving the API key', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'baton-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses API_KEY when set, and writes nothing', async () => {
    await expect(resolveApiKey('configured-key-0123456789', dir)).resolves.toEqual({
      key: 'configured-key-0123456789',
      source: 'environment',
    });
    expect(() => statSync(path.join(dir, 'api-key'))).toThrow();
  });

  it('generates a key at first start, keeps it (0600) and reuses it afterwards', async () => {
    const first = await resolveApiKey(undefined, path.join(dir, 'nested'));
    expect(first.source).toBe('generated');
    expect(first.key.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, 'nested', 'api-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await resolveApiKey(undefined, path.join(dir, 'nested'));
    expect(second).toEqual({ key: first.key, source: 'file', file });
    const other = await resolveApiKey(undefined, mkdtempSync(path.join(os.tmpdir(), 'baton-key-')));
    expect(other.key).not.toBe(first.key);
  });

  it('refuses a stored key that is too short, naming the file', async () => {
    writeFileSync(path.join(dir, 'api-key'), 'short\n');
    await expect(resolveApiKey(undefined, dir)).rejects.toThrow(/api-key/);
  });
});
