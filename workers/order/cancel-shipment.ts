/**
 * cancel-shipment: compensation handler of create-shipment, and the step that voids a late booking after
 * the shipment SLA timer interrupted create-shipment. Cancels the order's shipment and frees its slot, once;
 * with no shipment it leaves a tombstone so a booking still in flight fails instead of shipping.
 */
import { z } from 'zod';
import { createShipmentsRepository } from '../../src/data/repositories/shipments-repository';
import { ORDER_FULFILMENT, orderId } from '../../src/processes/order-fulfilment';
import { defineWorker } from '../worker-definition';

export const cancelShipment = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.cancelShipment,
  inputSchema: z.object({ orderId }),
  createHandler({ db }) {
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
  },
});
