/**
 * release-inventory: compensation handler of reserve-inventory. Puts the order's reserved stock back, once;
 * with no reservation (nothing to undo) it completes without effect.
 */
import { z } from 'zod';
import { createInventoryRepository } from '../../src/data/repositories/inventory-repository';
import { ORDER_FULFILMENT, orderId } from '../../src/processes/order-fulfilment';
import { defineWorker } from '../worker-definition';

export const releaseInventory = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.releaseInventory,
  inputSchema: z.object({ orderId }),
  createHandler({ db }) {
    const inventory = createInventoryRepository(db);
    return async (input, job) => {
      const result = await inventory.release(input.orderId);
      job.logger.info(
        result.status === 'released' ? { lines: result.lines.length } : { nothingToUndo: true },
        'inventory released',
      );
      return {};
    };
  },
});
