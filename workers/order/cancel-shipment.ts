/**
 * cancel-shipment: compensation handler of create-shipment, and the step that voids a late booking after
 * the shipment SLA timer interrupted create-shipment. Cancels the order's shipment and frees its slot, once;
 * with no shipment it leaves a tombstone so a booking still in flight fails instead of shipping.
 */
import { z } from 'zod';
import { createShipmentsRepository } from '../../src/data/repositories/shipments-repository';
import { defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { orderId } from './order-variables';

export const taskType = 'cancel-shipment';
export const inputSchema = z.object({ orderId });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createCancelShipmentWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const shipments = createShipmentsRepository(db);
  return async (input, job) => {
    const result = await shipments.cancel(input.orderId);
    job.logger.info(
      result.status === 'cancelled'
        ? { trackingNumber: result.shipment.trackingNumber, alreadyCancelled: result.alreadyCancelled }
        : { nothingToUndo: true },
      'shipment cancelled',
    );
    return {};
  };
}

export const cancelShipment = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createCancelShipmentWorker,
});
