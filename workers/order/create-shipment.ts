/**
 * create-shipment: books a pickup slot with a carrier for the order, keyed by order id: the carrier the
 * decision shipping-carrier chose (variable shipping) first, else any with a free slot. No carrier with a
 * free slot, or a shipment already cancelled for this order (the SLA timer fired first) → BPMN error
 * SHIPPING_FAILED (the order is cancelled and compensated).
 */
import { z } from 'zod';
import { createShipmentsRepository } from '../../src/data/repositories/shipments-repository';
import { ORDER_FULFILMENT, orderId, shipping } from '../../src/processes/order-fulfilment';
import { BpmnError, defineWorker } from '../worker-definition';

const { shippingFailed } = ORDER_FULFILMENT.errorCodes;

export const createShipment = defineWorker({
  taskType: ORDER_FULFILMENT.taskTypes.createShipment,
  inputSchema: z.object({ orderId, shipping }),
  outputSchema: z.object({ carrier: z.string(), trackingNumber: z.string() }),
  bpmnErrors: [shippingFailed],
  createHandler({ db }) {
    const shipments = createShipmentsRepository(db);
    return async (input, job) => {
      const result = await shipments.create(input.orderId, input.shipping?.carrier);
      if (result.status !== 'created') {
        const reason =
          result.status === 'no-capacity'
            ? 'shipping failed: no carrier has a free pickup slot'
            : `shipping failed: the shipment of order ${input.orderId} was cancelled before it was booked`;
        throw new BpmnError(shippingFailed, reason, { failureReason: reason });
      }
      const { carrierCode, trackingNumber } = result.shipment;
      job.logger.info({ trackingNumber, alreadyCreated: result.alreadyCreated }, 'shipment created');
      return { carrier: carrierCode ?? '', trackingNumber: trackingNumber ?? '' };
    };
  },
});
