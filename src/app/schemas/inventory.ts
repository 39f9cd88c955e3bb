/** Stock levels as GET /api/inventory returns them. */
import { z } from 'zod';

export const InventorySchema = z
  .array(z.object({ sku: z.string(), available: z.number().int().meta({ description: 'units free to reserve' }) }))
  .meta({ id: 'Inventory' });
