/**
 * Values the database cannot hold are bad input like any other: an amount above the int32 column of minor
 * units, text with a NUL (PostgreSQL text cannot hold U+0000), text that is not valid Unicode (an unpaired
 * UTF-16 surrogate, which JSON's \ud800 escape can carry) and a path parameter that is not valid
 * percent-encoded UTF-8 (%ff) are 400s naming the field, and nothing is written or started.
 */
import request from 'supertest';
import { AUTH, countRows, expectProblem, startTestApp, stubProcesses, type TestApp } from './app-harness';

const validOrder = {
  customerId: 'customer-1',
  items: [{ sku: 'SKU-BOOK', quantity: 2 }],
  amount: 49.9,
  currency: 'EUR',
};
const validOnboarding = { customerId: 'cust-unicode-1', email: 'a@example.com', company: 'ACME' };

describe('values the database cannot store', () => {
  let t: TestApp;
  const processes = stubProcesses();
  beforeAll(async () => {
    t = await startTestApp({ processes });
  });
  afterAll(() => t.close());

  async function expectRefused(res: request.Response, fields: string[]) {
    const body = expectProblem(res, 400);
    expect((body.errors ?? []).map((e) => e.field).sort()).toEqual([...fields].sort());
    return body;
  }

  async function expectNothingWritten(send: () => Promise<request.Response>, fields: string[]) {
    const orders = await countRows(t.db, 'orders');
    const customers = await countRows(t.db, 'customers');
    const starts = processes.calls.length;
    await expectRefused(await send(), fields);
    expect(await countRows(t.db, 'orders')).toBe(orders);
    expect(await countRows(t.db, 'customers')).toBe(customers);
    expect(processes.calls.length).toBe(starts);
  }

  const postOrder = (body: object) => () => request(t.app).post('/api/orders').set(AUTH).send(body);
  const postOnboarding = (body: object) => () => request(t.app).post('/api/onboardings').set(AUTH).send(body);

  it('an amount above what the amount column holds (21,474,836.47) is 400 naming amount', async () => {
    await expectNothingWritten(postOrder({ ...validOrder, amount: 21_474_836.48 }), ['amount']);
    const body = (await postOrder({ ...validOrder, amount: 1e12 })()).body;
    expect(body.errors).toEqual([{ field: 'amount', message: 'must be at most 21474836.47' }]);
  });

  it('the largest amount the column holds is taken', async () => {
    const res = await postOrder({ ...validOrder, orderId: 'order-largest-amount', amount: 21_474_836.47 })();
    expect(res.status).toBe(201);
    expect((await t.repositories.orders.get('order-largest-amount'))?.amountMinor).toBe(2_147_483_647);
  });

  it('a quantity above what an integer column holds is 400 naming it', async () => {
    await expectNothingWritten(postOrder({ ...validOrder, items: [{ sku: 'SKU-BOOK', quantity: 2 ** 31 }] }), [
      'items[0].quantity',
    ]);
  });

  it('a NUL in any text of an order is 400 naming each field', async () => {
    await expectNothingWritten(
      postOrder({ ...validOrder, orderId: 'a\u0000b', customerId: '\u0000', items: [{ sku: 'S\u0000', quantity: 1 }] }),
      ['orderId', 'customerId', 'items[0].sku'],
    );
  });

  it('an unpaired surrogate in orderId is 400 and leaves no row', async () => {
    const body = await (async () => {
      const before = await countRows(t.db, 'orders');
      const res = await postOrder({ ...validOrder, orderId: 'order-\ud800' })();
      expect(await countRows(t.db, 'orders')).toBe(before);
      return expectRefused(res, ['orderId']);
    })();
    expect(body.errors?.[0].message).toMatch(/not valid Unicode/);
    await expectNothingWritten(postOrder({ ...validOrder, orderId: 'x\udc00y' }), ['orderId']);
  });

  it('NUL or unpaired surrogates in an onboarding are 400 naming each field', async () => {
    await expectNothingWritten(postOnboarding({ ...validOnboarding, customerId: 'c\u0000' }), ['customerId']);
    await expectNothingWritten(postOnboarding({ ...validOnboarding, company: 'AC\ud83dME' }), ['company']);
    // a surrogate pair is one character, and fine
    expect((await postOnboarding({ ...validOnboarding, company: 'ACME \ud83d\ude80' })()).status).toBe(201);
  });

  it.each([
    ['a NUL', '%00'],
    ['%ff (not UTF-8)', '%ff'],
    ['an encoded surrogate', '%ED%A0%80'],
  ])('%s in an order id in the path is 400 naming id', async (_name, raw) => {
    await expectRefused(await request(t.app).get(`/api/orders/order-${raw}`), ['id']);
  });

  it.each([
    ['a NUL', '%00'],
    ['%ff', '%ff'],
  ])('%s in a customer id in the path is 400 naming customerId, nothing published', async (_name, raw) => {
    for (const endpoint of ['kickoff-completed', 'cancellation']) {
      await expectNothingWritten(
        () => request(t.app).post(`/api/onboardings/c-${raw}/${endpoint}`).set(AUTH).send({}),
        ['customerId'],
      );
    }
  });

  it('%ff in a model name is 400 naming name, and on an unknown path it is still a 404', async () => {
    await expectRefused(await request(t.app).get('/api/models/a%ff'), ['name']);
    expectProblem(await request(t.app).get('/api/nothing-here/%ff'), 404);
  });
});
