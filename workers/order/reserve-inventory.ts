/**
 * reserve-inventory: takes stock for every item of the order, all or nothing, keyed by order id. When stock
 * ran out → BPMN error OUT_OF_STOCK, naming each short SKU (the order is cancelled and compensated).
 */
import { z } from 'zod';
import { createInventoryRepository } from '../../src/data/repositories/inventory-repository';
import { items, ORDER_FULFILMENT, orderId, orderItem } from '../../src/processes/order-fulfilment';
import { BpmnError, defineWorker } from '../worker-definition';

const { outOfStock } = ORDER_FULFILMENT.errorCodes;

export const reserveInventory = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.reserveInventory,
  inputSchema: z.object({ orderId, items }),
  outputSchema: z.object({ reservedItems: z.array(orderItem) }),
  bpmnErrors: [outOfStock],
  createHandler({ db }) {
    const inventory = createInventoryRepository(db);
    return async (input, job) => {
      const result = await inventory.reserve(input.orderId, input.items);
      if (result.status === 'out-of-stock') {
        const reason = `out of stock: ${result.shortages
          .map((s) => `${s.sku} (requested ${s.requested}, available ${s.available})`)
          .join(', ')}`;
        throw new BpmnError(outOfStock, reason, { failureReason: reason });
      }
      job.logger.info({ lines: result.lines.length, alreadyReserved: result.alreadyReserved }, 'inventory reserved');
      return { reservedItems: result.lines };
    };
  },
});
