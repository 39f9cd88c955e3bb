/**
 * release-inventory: compensation handler of reserve-inventory. Puts the order's reserved stock back, once;
 * with no reservation (nothing to undo) it completes without effect.
 */
import { z } from 'zod';
import { createInventoryRepository } from '../../src/data/repositories/inventory-repository';
import { defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { orderId } from './order-variables';

export const taskType = 'release-inventory';
export const inputSchema = z.object({ orderId });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createReleaseInventoryWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const inventory = createInventoryRepository(db);
  return async (input, job) => {
    const result = await inventory.release(input.orderId);
    job.logger.info(
      result.status === 'released' ? { lines: result.lines.length } : { nothingToUndo: true },
      'inventory released',
    );
    return {};
  };
}

export const releaseInventory = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createReleaseInventoryWorker,
});
