/**
 * POST /api/orders and GET /api/orders/{id} against the embedded engine over gRPC (no workers): a valid order
 * is stored and its process instance runs; every class of bad input is a 400 naming each bad field and
 * leaves the orders table as it was.
 */
import request from 'supertest';
import { ZeebeCommandError } from '../../src/app/process-commands/process-commands';
import { AUTH, countRows, expectProblem, startTestApp, stubProcesses, type TestApp } from './app-harness';

const validOrder = {
  customerId: 'customer-1',
  items: [{ sku: 'SKU-BOOK', quantity: 2 }],
  amount: 49.9,
  currency: 'EUR',
};

describe('orders API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ engine: true });
  });
  afterAll(() => t.close());

  it('stores a valid order, starts order-fulfilment with its variables, and answers 201', async () => {
    const res = await request(t.app).post('/api/orders').set(AUTH).send(validOrder);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^order-/),
      status: 'in_progress',
      processInstanceKey: expect.stringMatching(/^\d+$/),
    });
    expect(res.headers.location).toBe(`/api/orders/${res.body.id}`);

    const stored = await t.repositories.orders.get(res.body.id);
    expect(stored).toEqual(
      expect.objectContaining({
        customerId: 'customer-1',
        amountMinor: 4990,
        currency: 'EUR',
        processInstanceKey: res.body.processInstanceKey,
      }),
    );
    const instance = t.engine?.engine?.getProcessInstance(res.body.processInstanceKey);
    expect(instance).toEqual(expect.objectContaining({ bpmnProcessId: 'order-fulfilment', state: 'ACTIVE' }));
    const variables = Object.fromEntries(
      [...(t.engine?.engine?.listVariables(res.body.processInstanceKey) ?? [])].map((v) => [v.name, v.value]),
    );
    expect(variables).toEqual(expect.objectContaining({ orderId: res.body.id, ...validOrder }));
  });

  it('reads an order back with its status and process instance key', async () => {
    const created = await request(t.app)
      .post('/api/orders')
      .set(AUTH)
      .send({ ...validOrder, orderId: 'order-read-1' });
    expect(created.status).toBe(201);
    const res = await request(t.app).get('/api/orders/order-read-1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 'order-read-1',
      status: 'in_progress',
      processInstanceKey: created.body.processInstanceKey,
      customerId: 'customer-1',
      items: [{ sku: 'SKU-BOOK', quantity: 2 }],
      amount: 49.9,
      currency: 'EUR',
      statusReason: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      carrier: null,
    });
  });

  it('answers 404 problem+json for an unknown order', async () => {
    const body = expectProblem(await request(t.app).get('/api/orders/order-that-does-not-exist'), 404);
    expect(body.detail).toContain('order-that-does-not-exist');
  });

  it('refuses a second order with the same orderId (409) and keeps the first', async () => {
    await request(t.app)
      .post('/api/orders')
      .set(AUTH)
      .send({ ...validOrder, orderId: 'order-dup' })
      .expect(201);
    const before = await countRows(t.db, 'orders');
    const body = expectProblem(
      await request(t.app)
        .post('/api/orders')
        .set(AUTH)
        .send({ ...validOrder, orderId: 'order-dup', amount: 1 }),
      409,
    );
    expect(body.detail).toContain('order-dup');
    expect(await countRows(t.db, 'orders')).toBe(before);
    expect((await t.repositories.orders.get('order-dup'))?.amountMinor).toBe(4990);
  });

  describe('bad input: 400 naming each bad field, nothing stored, no process started', () => {
    const cases: [string, (r: request.Test) => request.Test, { field: string; message: RegExp }[]][] = [
      [
        'malformed JSON',
        (r) => r.set('Content-Type', 'application/json').send('{"customerId": "c1", "items": ['),
        [{ field: '(body)', message: /not valid JSON/ }],
      ],
      [
        'wrong types',
        (r) =>
          r.send({ ...validOrder, customerId: 42, amount: '49.90', items: [{ sku: 'SKU-BOOK', quantity: 'two' }] }),
        [
          { field: 'customerId', message: /must be a string \(got number\)/ },
          { field: 'items[0].quantity', message: /must be a number \(got string\)/ },
          { field: 'amount', message: /must be a number \(got string\)/ },
        ],
      ],
      [
        'unknown fields (also nested)',
        (r) => r.send({ ...validOrder, discount: 10, items: [{ sku: 'SKU-BOOK', quantity: 1, colour: 'red' }] }),
        [
          { field: 'items[0].colour', message: /not a known field/ },
          { field: 'discount', message: /not a known field/ },
        ],
      ],
      [
        'missing fields',
        (r) => r.send({ items: [{ sku: 'SKU-BOOK' }] }),
        [
          { field: 'customerId', message: /is required/ },
          { field: 'items[0].quantity', message: /is required/ },
          { field: 'amount', message: /is required/ },
          { field: 'currency', message: /is required/ },
        ],
      ],
      [
        'values out of range',
        (r) => r.send({ ...validOrder, items: [{ sku: 'SKU-BOOK', quantity: 0 }], amount: -5, currency: 'euro' }),
        [
          { field: 'items[0].quantity', message: /greater than 0/ },
          { field: 'amount', message: /greater than 0/ },
          { field: 'currency', message: /three-letter/ },
        ],
      ],
      ['no items', (r) => r.send({ ...validOrder, items: [] }), [{ field: 'items', message: /at least one item/ }]],
      [
        'a JSON array instead of an object',
        (r) => r.send([validOrder]),
        [{ field: '(body)', message: /must be an object \(got array\)/ }],
      ],
      [
        'no body at all',
        (r) => r.set('Content-Type', 'application/json'),
        [
          { field: 'customerId', message: /is required/ },
          { field: 'items', message: /is required/ },
          { field: 'amount', message: /is required/ },
          { field: 'currency', message: /is required/ },
        ],
      ],
    ];

    it.each(cases)('%s', async (_name, prepare, expected) => {
      const ordersBefore = await countRows(t.db, 'orders');
      const instancesBefore = [...(t.engine?.engine?.listProcessInstances() ?? [])].length;
      const res = await prepare(request(t.app).post('/api/orders').set(AUTH));
      const body = expectProblem(res, 400);
      expect(body.errors).toEqual(
        expect.arrayContaining(expected.map((e) => ({ field: e.field, message: expect.stringMatching(e.message) }))),
      );
      expect(body.errors).toHaveLength(expected.length);
      expect(await countRows(t.db, 'orders')).toBe(ordersBefore);
      expect([...(t.engine?.engine?.listProcessInstances() ?? [])].length).toBe(instancesBefore);
    });

    it('a body that is not JSON is 415 and changes nothing', async () => {
      const before = await countRows(t.db, 'orders');
      const res = await request(t.app)
        .post('/api/orders')
        .set(AUTH)
        .set('Content-Type', 'text/plain')
        .send('customerId=c1');
      expectProblem(res, 415);
      expect(await countRows(t.db, 'orders')).toBe(before);
    });

    it('an oversized body is 413 and changes nothing', async () => {
      const before = await countRows(t.db, 'orders');
      const res = await request(t.app)
        .post('/api/orders')
        .set(AUTH)
        .send({ ...validOrder, customerId: 'x'.repeat(200_000) });
      expectProblem(res, 413);
      expect(await countRows(t.db, 'orders')).toBe(before);
    });

    it('an order id that is too long in the path is 400 naming the parameter', async () => {
      const body = expectProblem(await request(t.app).get(`/api/orders/${'x'.repeat(101)}`), 400);
      expect(body.errors).toEqual([{ field: 'id', message: expect.any(String) }]);
    });
  });
});

describe('orders API when the engine refuses', () => {
  it('answers 503 for an order with a generated id and stores nothing', async () => {
    const processes = stubProcesses();
    processes.startProcess = async () => {
      throw new ZeebeCommandError('UNAVAILABLE', 'the gateway is not reachable');
    };
    const t = await startTestApp({ processes });
    try {
      const before = await countRows(t.db, 'orders');
      expectProblem(await request(t.app).post('/api/orders').set(AUTH).send(validOrder), 503);
      expect(await countRows(t.db, 'orders')).toBe(before);
    } finally {
      await t.close();
    }
  });

  it('answers 503 and closes the stored order as cancelled with the reason', async () => {
    const processes = stubProcesses();
    processes.startProcess = async () => {
      throw new ZeebeCommandError(
        'NOT_FOUND',
        "Expected to find process definition with process ID 'order-fulfilment', but none found",
      );
    };
    const t = await startTestApp({ processes });
    try {
      const res = await request(t.app)
        .post('/api/orders')
        .set(AUTH)
        .send({ ...validOrder, orderId: 'order-no-engine' });
      const body = expectProblem(res, 503);
      expect(body.detail).toContain('order-fulfilment');
      expect(res.headers['retry-after']).toBeDefined();
      expect(await t.repositories.orders.get('order-no-engine')).toEqual(
        expect.objectContaining({ status: 'cancelled', statusReason: expect.stringContaining('order-fulfilment') }),
      );
    } finally {
      await t.close();
    }
  });
});

describe('orders API: an order with a generated id starts first, then its row is written once', () => {
  let t: TestApp;
  const processes = stubProcesses();
  const cancelled = () => processes.calls.filter((c) => c.method === 'cancelProcess').map((c) => c.args[0]);
  const realStart = processes.startProcess.bind(processes);
  let beforeAnswer: ((orderId: string, processInstanceKey: string) => Promise<void>) | undefined;
  processes.startProcess = async (bpmnProcessId, variables) => {
    const started = await realStart(bpmnProcessId, variables);
    await beforeAnswer?.(String(variables.orderId), started.processInstanceKey);
    return started;
  };
  beforeAll(async () => {
    t = await startTestApp({ processes });
  });
  afterEach(() => {
    beforeAnswer = undefined;
  });
  afterAll(() => t.close());

  const storeAs = (id: string, processInstanceKey: string) =>
    t.repositories.orders.create({
      id,
      customerId: validOrder.customerId,
      items: validOrder.items,
      amountMinor: 4990,
      currency: 'EUR',
      processInstanceKey,
    });

  it('stores the row with the started instance key in one write', async () => {
    const res = await request(t.app).post('/api/orders').set(AUTH).send(validOrder);
    expect(res.status).toBe(201);
    const stored = await t.repositories.orders.get(res.body.id);
    expect(stored).toEqual(
      expect.objectContaining({ status: 'in_progress', processInstanceKey: res.body.processInstanceKey }),
    );
    expect(cancelled()).toEqual([]);
  });

  it('answers 201 with the row register-order wrote first, and writes no second one', async () => {
    let registered = '';
    beforeAnswer = async (orderId, key) => {
      registered = orderId;
      await storeAs(orderId, key);
      await t.repositories.orders.setFinalStatus(orderId, 'completed');
    };
    const before = await countRows(t.db, 'orders');
    const res = await request(t.app).post('/api/orders').set(AUTH).send(validOrder);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: registered, status: 'completed', processInstanceKey: expect.any(String) });
    expect(await countRows(t.db, 'orders')).toBe(before + 1);
    expect(cancelled()).toEqual([]);
  });

  it('cancels the started instance and stores nothing when the row cannot be written', async () => {
    const orders = t.repositories.orders;
    const realCreateMany = orders.createMany;
    orders.createMany = async () => {
      throw new Error('the database is gone');
    };
    let startedKey = '';
    beforeAnswer = async (_orderId, key) => {
      startedKey = key;
    };
    const before = await countRows(t.db, 'orders');
    try {
      expectProblem(await request(t.app).post('/api/orders').set(AUTH).send(validOrder), 500);
    } finally {
      orders.createMany = realCreateMany;
    }
    expect(startedKey).not.toBe('');
    expect(cancelled()).toEqual([startedKey]);
    expect(await countRows(t.db, 'orders')).toBe(before);
  });

  it('cancels the started instance when the id is recorded for another instance', async () => {
    let startedKey = '';
    beforeAnswer = async (orderId, key) => {
      startedKey = key;
      await storeAs(orderId, '999');
    };
    const res = await request(t.app).post('/api/orders').set(AUTH).send(validOrder);
    expectProblem(res, 500);
    expect(cancelled().at(-1)).toBe(startedKey);
  });
});
