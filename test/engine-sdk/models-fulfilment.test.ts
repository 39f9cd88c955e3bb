/**
 * User models 6–10 of test/fixtures/models/ through the unmodified SDK over gRPC: shipping options, warehouse
 * fulfilment, price calculation, hotel booking, order intake.
 * Each test drives one path with jobs, messages, signals and the engine clock, then asserts the element ids
 * completed, in order, and the process variables that result (cluster: user-models-cluster.ts).
 */
import { describeWithEngine } from '../support/describe-with-engine';
import { userModelsCluster } from './user-models-cluster';
import { completeOne, noJobs, takeJobs, type ZeebeClient } from './zeebe-harness';

type Variables = Parameters<ZeebeClient['createProcessInstance']>[0]['variables'];

describeWithEngine('user models through the SDK over gRPC, path by path (2 of 2)', () => {
  const models = userModelsCluster();
  let zeebe: ZeebeClient;
  beforeAll(() => {
    zeebe = models.zeebe;
  });
  const { start, finished } = models;

  describe('shipping-options (inclusive fork and join, message end event as a job)', () => {
    const ship = async (variables: Variables, options: string[]) => {
      const key = await start('shipping-options', variables);
      for (const type of options) await completeOne(zeebe, type);
      await completeOne(zeebe, 'shipping-dispatch');
      const notify = await completeOne(zeebe, 'shipping-notify', { notified: true });
      expect(notify.elementId).toBe('customer-notified');
      return finished(key);
    };
    test('gift wrap and insurance both, joined once', async () => {
      const run = await ship({ giftWrap: true, orderValue: 900 }, ['shipping-gift-wrap', 'shipping-insure']);
      expect(run.path).toEqual([
        'order-packed',
        'shipping-options-chosen',
        'gift-wrap',
        'insure-parcel',
        'parcel-ready',
        'dispatch-parcel',
        'customer-notified',
      ]);
      expect(run.variables).toEqual({ giftWrap: true, orderValue: 900, notified: true });
    });
    test('neither option: the default standard box', async () => {
      const run = await ship({ giftWrap: false, orderValue: 20 }, ['shipping-standard-box']);
      expect(run.path).toEqual([
        'order-packed',
        'shipping-options-chosen',
        'standard-box',
        'parcel-ready',
        'dispatch-parcel',
        'customer-notified',
      ]);
    });
  });

  describe('warehouse-fulfilment (nested sub-processes, error boundaries inside and outside)', () => {
    test('picked and packed', async () => {
      const key = await start('warehouse-fulfilment', { orderId: 'w-1' });
      await completeOne(zeebe, 'wh-pick');
      await completeOne(zeebe, 'wh-pack', { parcelId: 'P-1' });
      const run = await finished(key);
      expect(run.path).toEqual([
        'order-released',
        'fulfilment-started',
        'pick-items',
        'packing-started',
        'pack-items',
        'packed',
        'pack-parcel',
        'fulfilment-done',
        'fulfil-order',
        'order-shipped',
      ]);
      expect(run.variables).toEqual({ orderId: 'w-1', parcelId: 'P-1' });
    });
    test('FRAGILE is caught inside the pack sub-process', async () => {
      const key = await start('warehouse-fulfilment', { orderId: 'w-2' });
      await completeOne(zeebe, 'wh-pick');
      const [pack] = await takeJobs(zeebe, 'wh-pack');
      await zeebe.throwError({ jobKey: pack.key, errorCode: 'FRAGILE', errorMessage: 'glass' });
      await completeOne(zeebe, 'wh-bubble-wrap');
      const run = await finished(key);
      expect(run.path).toEqual([
        'order-released',
        'fulfilment-started',
        'pick-items',
        'packing-started',
        'fragile-goods',
        'bubble-wrap',
        'wrapped',
        'pack-parcel',
        'fulfilment-done',
        'fulfil-order',
        'order-shipped',
      ]);
    });
    test('OUT_OF_STOCK leaves the fulfilment sub-process and backorders', async () => {
      const key = await start('warehouse-fulfilment', { orderId: 'w-3' });
      const [pick] = await takeJobs(zeebe, 'wh-pick');
      await zeebe.throwError({ jobKey: pick.key, errorCode: 'OUT_OF_STOCK', errorMessage: 'sku 42' });
      await completeOne(zeebe, 'wh-backorder');
      const run = await finished(key);
      expect(run.path).toEqual([
        'order-released',
        'fulfilment-started',
        'out-of-stock',
        'backorder',
        'order-backordered',
      ]);
    });
  });

  describe('price-calculation (script tasks only, manual task)', () => {
    test('from 100 on, a 10% discount before tax', async () => {
      const lines = [{ qty: 2, price: 100 }];
      const run = await finished(await start('price-calculation', { lines }));
      expect(run.path).toEqual([
        'quote-requested',
        'sum-lines',
        'discount-applies',
        'apply-discount',
        'price-set',
        'add-tax',
        'print-quote',
        'quote-ready',
      ]);
      expect(run.variables).toEqual({ lines, subtotal: 200, net: 180, total: 216 });
    });
    test('below 100, the price is kept', async () => {
      const lines = [{ qty: 5, price: 10 }];
      const run = await finished(await start('price-calculation', { lines }));
      expect(run.path).toEqual([
        'quote-requested',
        'sum-lines',
        'discount-applies',
        'keep-price',
        'price-set',
        'add-tax',
        'print-quote',
        'quote-ready',
      ]);
      expect(run.variables).toEqual({ lines, subtotal: 50, net: 50, total: 60 });
    });
  });

  describe('hotel-booking (multi-instance compensated once by a sub-process handler with a multi-instance task)', () => {
    const rooms = ['101', '102'];
    const reserve = async () => {
      const key = await start('hotel-booking', { rooms });
      for (const job of await takeJobs(zeebe, 'hotel-reserve-room', 2))
        await zeebe.completeJob({ jobKey: job.key, variables: {} });
      return key;
    };
    test('charged: booking confirmed, nothing undone', async () => {
      const key = await reserve();
      await completeOne(zeebe, 'hotel-charge', { receipt: 'R-1' });
      const run = await finished(key);
      expect(run.path).toEqual([
        'booking-requested',
        'reserve-rooms',
        'reserve-rooms',
        'reserve-rooms',
        'charge-guest',
        'booking-confirmed',
      ]);
      expect(run.variables).toEqual({ rooms, receipt: 'R-1' });
      expect(await noJobs(zeebe, 'hotel-release-room')).toBe(true);
    });
    test('card declined: the reservation is undone once, releasing each room', async () => {
      const key = await reserve();
      const [charge] = await takeJobs(zeebe, 'hotel-charge');
      await zeebe.throwError({ jobKey: charge.key, errorCode: 'CARD_DECLINED', errorMessage: 'insufficient funds' });
      const releases = await takeJobs(zeebe, 'hotel-release-room', 2);
      expect(releases.map((j) => (j.variables as { room: string }).room)).toEqual(rooms);
      for (const job of releases) await zeebe.completeJob({ jobKey: job.key, variables: {} });
      const run = await finished(key);
      expect(run.path).toEqual([
        'booking-requested',
        'reserve-rooms',
        'reserve-rooms',
        'reserve-rooms',
        'card-declined',
        'reservation-compensation',
        'release-started',
        'release-room',
        'release-room',
        'release-room',
        'rooms-released',
        'release-rooms',
        'booking-undone',
      ]);
    });
  });

  describe('order-intake (message start, correlation, message boundary, message event sub-process)', () => {
    const receive = async (orderId: string) => {
      await zeebe.publishMessage({
        name: 'intake-order-received',
        correlationKey: orderId,
        timeToLive: 0,
        variables: { orderId },
      });
      const confirm = await completeOne(zeebe, 'intake-confirm');
      return confirm.processInstanceKey;
    };
    test('paid: an address change runs beside the wait, then the order ships', async () => {
      const key = await receive('o-1');
      await zeebe.publishMessage({
        name: 'intake-address-changed',
        correlationKey: 'o-1',
        timeToLive: 0,
        variables: { address: 'New St 1' },
      });
      await completeOne(zeebe, 'intake-update-address');
      await zeebe.publishMessage({
        name: 'intake-payment-confirmed',
        correlationKey: 'o-1',
        timeToLive: 0,
        variables: { paid: true },
      });
      const ship = await completeOne(zeebe, 'intake-ship');
      expect(ship.variables).toEqual({ orderId: 'o-1', address: 'New St 1', paid: true });
      const run = await finished(key);
      expect(run.path).toEqual([
        'order-received',
        'confirm-order',
        'address-changed',
        'update-address',
        'address-updated',
        'address-change',
        'await-payment',
        'ship-order',
        'order-fulfilled',
      ]);
    });
    test('cancelled while waiting for the payment', async () => {
      const key = await receive('o-2');
      await zeebe.publishMessage({ name: 'intake-order-cancelled', correlationKey: 'o-2', timeToLive: 0 });
      const run = await finished(key);
      expect(run.path).toEqual(['order-received', 'confirm-order', 'order-cancelled', 'order-withdrawn']);
      expect(run.variables).toEqual({ orderId: 'o-2' });
    });
  });
});
