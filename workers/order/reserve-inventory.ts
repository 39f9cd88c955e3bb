/**
 * reserve-inventory: takes stock for every item of the order, all or nothing, keyed by order id. When stock
 * ran out → BPMN error OUT_OF_STOCK, naming each short SKU (the order is cancelled and compensated).
 */
import { z } from 'zod';
import { createInventoryRepository } from '../../src/data/repositories/inventory-repository';
import { BpmnError, defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { items, orderId, orderItem } from './order-variables';

export const taskType = 'reserve-inventory';
export const inputSchema = z.object({ orderId, items });
export const outputSchema = z.object({ reservedItems: z.array(orderItem) });
export const bpmnErrors = ['OUT_OF_STOCK'] as const;

export function createReserveInventoryWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const inventory = createInventoryRepository(db);
  return async (input, job) => {
    const result = await inventory.reserve(input.orderId, input.items);
    if (result.status === 'out-of-stock') {
      const reason = `out of stock: ${result.shortages
        .map((s) => `${s.sku} (requested ${s.requested}, available ${s.available})`)
        .join(', ')}`;
      throw new BpmnError('OUT_OF_STOCK', reason, { failureReason: reason });
    }
    job.logger.info({ lines: result.lines.length, alreadyReserved: result.alreadyReserved }, 'inventory reserved');
    return { reservedItems: result.lines };
  };
}

export const reserveInventory = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createReserveInventoryWorker,
});
