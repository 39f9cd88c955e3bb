/**
 * The order-fulfilment workers' handlers, called directly against a real (in-memory PGlite) database:
 * their effects, their BPMN errors, and that a second delivery of the same job has no second effect.
 */
import { createRepositories, type Repositories } from '../../src/data';
import type { Database } from '../../src/data/database';
import { cancelShipment } from '../../workers/order/cancel-shipment';
import { chargePayment } from '../../workers/order/charge-payment';
import { createShipment } from '../../workers/order/create-shipment';
import { escalateShipment } from '../../workers/order/escalate-shipment';
import { notifyCustomer } from '../../workers/order/notify-customer';
import { refundPayment } from '../../workers/order/refund-payment';
import { registerOrder } from '../../workers/order/register-order';
import { releaseInventory } from '../../workers/order/release-inventory';
import { reserveInventory } from '../../workers/order/reserve-inventory';
import { setOrderStatus } from '../../workers/order/set-order-status';
import { BpmnError, NonRetryableError } from '../../workers/worker-definition';
import { clearAllData, openTestDatabase } from '../data/test-database';
import { jobContext, silentLogger } from './job-context';

describe('order-fulfilment workers', () => {
  let db: Database;
  let repos: Repositories;
  const deps = () => ({ db, logger: silentLogger });
  const order = {
    orderId: 'order-1',
    customerId: 'customer-1',
    items: [
      { sku: 'SKU-A', quantity: 2 },
      { sku: 'SKU-B', quantity: 1 },
    ],
    amount: 49.9,
    currency: 'EUR',
  };

  beforeAll(async () => {
    db = await openTestDatabase();
    repos = createRepositories(db);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await clearAllData(db);
    await repos.payments.setAccountBalance('customer-1', 'EUR', 10_000);
    await repos.inventory.setStock('SKU-A', 5);
    await repos.inventory.setStock('SKU-B', 1);
    await repos.shipments.setCarrier('parcelco', 'ParcelCo', 1);
  });

  async function expectBpmnError(promise: Promise<unknown>, code: string, message: RegExp) {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BpmnError);
    expect((error as BpmnError).code).toBe(code);
    expect((error as BpmnError).message).toMatch(message);
    expect((error as BpmnError).variables).toEqual({ failureReason: (error as BpmnError).message });
  }

  describe('register-order', () => {
    it('stores the order in progress with its process instance, once', async () => {
      const register = registerOrder.createHandler(deps());
      const job = jobContext({ processInstanceKey: '100' });
      await register(order, job);
      await register(order, job);
      expect(await repos.orders.list()).toEqual([
        expect.objectContaining({ id: 'order-1', status: 'in_progress', amountMinor: 4990, processInstanceKey: '100' }),
      ]);
    });

    it('adopts an order the API stored before starting the process', async () => {
      await repos.orders.create({
        id: 'order-1',
        customerId: 'customer-1',
        items: order.items,
        amountMinor: 4990,
        currency: 'EUR',
      });
      await registerOrder.createHandler(deps())(order, jobContext({ processInstanceKey: '100' }));
      expect((await repos.orders.get('order-1'))?.processInstanceKey).toBe('100');
    });

    it('refuses an order that is finished or run by another instance (incident, not a retry)', async () => {
      const register = registerOrder.createHandler(deps());
      await register(order, jobContext({ processInstanceKey: '100' }));
      await expect(register(order, jobContext({ processInstanceKey: '200' }))).rejects.toThrow(
        new NonRetryableError('order order-1 is already being processed by process instance 100'),
      );
      await repos.orders.setFinalStatus('order-1', 'completed');
      await expect(register(order, jobContext({ processInstanceKey: '100' }))).rejects.toThrow(/already completed/);
    });
  });

  describe('charge-payment and refund-payment', () => {
    it('charges once per order, however often the job is delivered', async () => {
      const charge = chargePayment.createHandler(deps());
      const job = jobContext();
      const first = await charge(order, job);
      const second = await charge(order, job);
      expect(second).toEqual(first);
      expect(await repos.payments.ledger('order-1')).toHaveLength(1);
      expect(await repos.payments.accountBalance('customer-1', 'EUR')).toBe(10_000 - 4990);
    });

    it('declines with PAYMENT_DECLINED when the account cannot pay', async () => {
      await repos.payments.setAccountBalance('customer-1', 'EUR', 100);
      await expectBpmnError(
        chargePayment.createHandler(deps())(order, jobContext()),
        'PAYMENT_DECLINED',
        /insufficient funds/,
      );
      expect(await repos.payments.ledger()).toEqual([]);
    });

    it('refunds once, and tolerates nothing to refund', async () => {
      const refund = refundPayment.createHandler(deps());
      await expect(refund({ orderId: 'order-1' }, jobContext())).resolves.toEqual({});
      await chargePayment.createHandler(deps())(order, jobContext());
      await refund({ orderId: 'order-1' }, jobContext());
      await refund({ orderId: 'order-1' }, jobContext());
      expect((await repos.payments.ledger('order-1')).map((p) => [p.kind, p.amountMinor])).toEqual([
        ['charge', 4990],
        ['refund', 4990],
      ]);
      expect(await repos.payments.accountBalance('customer-1', 'EUR')).toBe(10_000);
    });
  });

  describe('reserve-inventory and release-inventory', () => {
    it('reserves the items once', async () => {
      const reserve = reserveInventory.createHandler(deps());
      const output = await reserve(order, jobContext());
      await reserve(order, jobContext());
      expect(output).toEqual({ reservedItems: order.items });
      expect(await repos.inventory.list()).toEqual([
        { sku: 'SKU-A', available: 3, reserved: 2 },
        { sku: 'SKU-B', available: 0, reserved: 1 },
      ]);
    });

    it('throws OUT_OF_STOCK naming the short SKU, taking nothing', async () => {
      await repos.inventory.setStock('SKU-B', 0);
      await expectBpmnError(
        reserveInventory.createHandler(deps())(order, jobContext()),
        'OUT_OF_STOCK',
        /SKU-B \(requested 1, available 0\)/,
      );
      expect((await repos.inventory.stock('SKU-A'))?.available).toBe(5);
    });

    it('releases once, and tolerates nothing to release', async () => {
      const release = releaseInventory.createHandler(deps());
      await expect(release({ orderId: 'order-1' }, jobContext())).resolves.toEqual({});
      await reserveInventory.createHandler(deps())(order, jobContext());
      await release({ orderId: 'order-1' }, jobContext());
      await release({ orderId: 'order-1' }, jobContext());
      expect(await repos.inventory.list()).toEqual([
        { sku: 'SKU-A', available: 5, reserved: 0 },
        { sku: 'SKU-B', available: 1, reserved: 0 },
      ]);
    });
  });

  describe('create-shipment, cancel-shipment and escalate-shipment', () => {
    it('books one shipment per order', async () => {
      const create = createShipment.createHandler(deps());
      const output = await create({ orderId: 'order-1' }, jobContext());
      expect(await create({ orderId: 'order-1' }, jobContext())).toEqual(output);
      expect(output).toEqual({ carrier: 'parcelco', trackingNumber: 'PARCELCO-order-1' });
      expect(await repos.shipments.freeSlots('parcelco')).toBe(0);
    });

    it('throws SHIPPING_FAILED when no carrier has a slot', async () => {
      await repos.shipments.setCarrier('parcelco', 'ParcelCo', 0);
      await expectBpmnError(
        createShipment.createHandler(deps())({ orderId: 'order-1' }, jobContext()),
        'SHIPPING_FAILED',
        /no carrier has a free pickup slot/,
      );
    });

    it('cancels once and frees the slot; with nothing booked a late booking fails', async () => {
      const cancel = cancelShipment.createHandler(deps());
      await createShipment.createHandler(deps())({ orderId: 'order-1' }, jobContext());
      await cancel({ orderId: 'order-1' }, jobContext());
      await cancel({ orderId: 'order-1' }, jobContext());
      expect(await repos.shipments.freeSlots('parcelco')).toBe(1);

      await cancel({ orderId: 'order-2' }, jobContext());
      await expectBpmnError(
        createShipment.createHandler(deps())({ orderId: 'order-2' }, jobContext()),
        'SHIPPING_FAILED',
        /cancelled before it was booked/,
      );
      expect(await repos.shipments.freeSlots('parcelco')).toBe(1);
    });

    it('alerts operations once per process instance and names the reason', async () => {
      const escalate = escalateShipment.createHandler(deps());
      const job = jobContext({ processInstanceKey: '300', elementId: 'escalate-shipment' });
      const output = await escalate({ orderId: 'order-1', customerId: 'customer-1' }, job);
      await escalate({ orderId: 'order-1', customerId: 'customer-1' }, job);
      expect(output.failureReason).toBe('shipment of order order-1 was not created within its SLA');
      expect(await repos.outbox.list({ topic: 'shipment-sla-breached' })).toEqual([
        expect.objectContaining({
          channel: 'ops',
          idempotencyKey: '300:escalate-shipment',
          payload: expect.objectContaining({ orderId: 'order-1' }),
        }),
      ]);
    });
  });

  describe('notify-customer and set-order-status', () => {
    it('queues one order confirmation per order', async () => {
      const notify = notifyCustomer.createHandler(deps());
      const first = await notify({ orderId: 'order-1', customerId: 'customer-1', trackingNumber: 'T-1' }, jobContext());
      const second = await notify(
        { orderId: 'order-1', customerId: 'customer-1', trackingNumber: 'T-1' },
        jobContext(),
      );
      expect(second).toEqual(first);
      expect(await repos.outbox.list({ topic: 'order-confirmation' })).toEqual([
        expect.objectContaining({ recipient: 'customer-1', payload: { orderId: 'order-1', trackingNumber: 'T-1' } }),
      ]);
    });

    it('sets the final status with its reason, idempotently, and refuses a contradiction', async () => {
      await registerOrder.createHandler(deps())(order, jobContext());
      const setStatus = setOrderStatus.createHandler(deps());
      await setStatus(
        { orderId: 'order-1', orderStatus: 'cancelled', failureReason: 'out of stock: SKU-B' },
        jobContext(),
      );
      await setStatus(
        { orderId: 'order-1', orderStatus: 'cancelled', failureReason: 'out of stock: SKU-B' },
        jobContext(),
      );
      expect(await repos.orders.get('order-1')).toMatchObject({
        status: 'cancelled',
        statusReason: 'out of stock: SKU-B',
      });
      await expect(setStatus({ orderId: 'order-1', orderStatus: 'completed' }, jobContext())).rejects.toThrow(
        NonRetryableError,
      );
    });
  });
});
