/** GET /api/inventory lists each SKU with its available stock, straight from the inventory table. */
import request from 'supertest';
import { startTestApp, type TestApp } from './app-harness';

describe('inventory API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists every SKU with exactly sku and available, reflecting the table', async () => {
    await t.repositories.inventory.setStock('SKU-RARE', 3);
    await t.repositories.inventory.reserve('order-inv-1', [{ sku: 'SKU-RARE', quantity: 2 }]);
    const res = await request(t.app).get('/api/inventory');
    expect(res.status).toBe(200);
    const rare = res.body.find((row: { sku: string }) => row.sku === 'SKU-RARE');
    expect(rare).toEqual({ sku: 'SKU-RARE', available: 1 });
    const stock = await t.repositories.inventory.list();
    expect(res.body).toEqual(stock.map(({ sku, available }) => ({ sku, available })));
  });
});
