/** GET /api/inventory: stock available per SKU. */
import type { createInventoryRepository } from '../../data/repositories/inventory-repository';
import { defineRoute, type RouteSpec } from '../route-spec';
import { InventorySchema } from '../schemas/inventory';

export function inventoryRoutes(deps: { inventory: ReturnType<typeof createInventoryRepository> }): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/inventory',
      operationId: 'listInventory',
      summary: 'Stock available per SKU',
      tags: ['Inventory'],
      responses: { 200: { description: 'Every stocked SKU', schema: InventorySchema } },
      async handler(_input, _req, res) {
        const stock = await deps.inventory.list();
        res.json(stock.map(({ sku, available }) => ({ sku, available })));
      },
    }),
  ];
}
