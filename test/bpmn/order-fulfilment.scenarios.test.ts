/**
 * order-fulfilment end to end: the real model on the cluster test/support/engine.ts picks (embedded by
 * default, a real Zeebe with TEST_ENGINE=container), driven over gRPC by the real workers (@camunda8/sdk),
 * with the app's data in a real (in-memory PGlite) database. Each scenario asserts the element history
 * through the process-test toolkit (REST v2 only; activation order, see src/process-test/element-history.ts)
 * and what the database holds afterwards.
 */
import type { OrderStartVariables } from '../../src/processes/order-fulfilment';
import type { JobContext, JobHandler, WorkerDefinition } from '../../workers/worker-definition';
import { BpmnError } from '../../workers/worker-definition';
import { allWorkers } from '../../workers/worker-registry';
import { clearAllData } from '../data/test-database';
import { describeWithEngine } from '../support/describe-with-engine';
import { pollFor } from '../support/eventually';
import { type Harness, startHarness } from './process-harness';

const HANDLERS = ['refund-payment', 'release-inventory', 'cancel-shipment'];
const JOB_TIMEOUT_MS = 10_000;

/** Whether an engine records the compensation boundary events as element instances is not the point here. */
const isCompensationBoundary = (elementId: string) => elementId.endsWith('-compensation');

/** A promise the test resolves later: holds a worker mid-job. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describeWithEngine('order-fulfilment process', () => {
  let h: Harness;
  // Per-order test hooks, consulted by wrappers around the real handlers.
  const heldShipments = new Map<string, ReturnType<typeof gate>>();
  const heldCharges = new Map<string, ReturnType<typeof gate>>();
  const chargeDeliveries: { orderId: string; jobKey: string }[] = [];
  const failAfterShipment = new Set<string>();

  beforeAll(async () => {
    h = await startHarness('order-fulfilment');
    // A future step after shipping may fail with a business error; notify-customer stands in for it here.
    const definitions: WorkerDefinition[] = allWorkers.map((w) =>
      w.taskType === 'notify-customer' ? { ...w, bpmnErrors: ['DELIVERY_REFUSED'] } : w,
    );
    type Handler = JobHandler<{ orderId: string }, Record<string, unknown>>;
    h.startWorkers({
      definitions,
      jobTimeoutMs: JOB_TIMEOUT_MS,
      handlerOverrides: {
        'charge-payment': (real: Handler) => async (input, job: JobContext) => {
          const output = await real(input, job);
          chargeDeliveries.push({ orderId: input.orderId, jobKey: job.jobKey });
          // The charge happened; this worker now stalls before completing, as if it crashed.
          const held = heldCharges.get(input.orderId);
          if (held && chargeDeliveries.filter((d) => d.orderId === input.orderId).length === 1) await held.opened;
          return output;
        },
        'create-shipment': (real: Handler) => async (input, job: JobContext) => {
          await heldShipments.get(input.orderId)?.opened;
          return real(input, job);
        },
        'notify-customer': (real: Handler) => async (input, job: JobContext) => {
          if (failAfterShipment.has(input.orderId)) {
            throw new BpmnError('DELIVERY_REFUSED', 'the customer refused the delivery', {
              failureReason: 'the customer refused the delivery',
            });
          }
          return real(input, job);
        },
      },
    });
  });
  afterAll(async () => {
    for (const held of [...heldShipments.values(), ...heldCharges.values()]) held.open();
    await h?.close();
  });
  afterEach(() => h.resetClock());
  beforeEach(async () => {
    await clearAllData(h.db);
    await h.repos.payments.setAccountBalance('customer-1', 'EUR', 100_00);
    await h.repos.inventory.setStock('SKU-A', 5);
    await h.repos.inventory.setStock('SKU-B', 3);
    await h.repos.shipments.setCarrier('parcelco', 'ParcelCo', 10);
  });

  const order = (orderId: string, overrides: Partial<OrderStartVariables> = {}): OrderStartVariables => ({
    orderId,
    customerId: 'customer-1',
    items: [
      { sku: 'SKU-A', quantity: 2 },
      { sku: 'SKU-B', quantity: 1 },
    ],
    amount: 49.9,
    currency: 'EUR',
    ...overrides,
  });

  const start = (variables: OrderStartVariables) => h.start('order-fulfilment', variables);
  const expectOrder = (key: string) => h.pt.expectProcessInstance(key).ignoringElements(isCompensationBoundary);

  /** Starts an order and waits for its instance to complete. */
  async function run(variables: OrderStartVariables): Promise<string> {
    const key = await start(variables);
    await expectOrder(key).toBeCompleted();
    return key;
  }

  /** Exactly these compensation handlers ran, in this order (newest compensated activity first). */
  async function expectHandlersRun(key: string, ...handlers: string[]) {
    await expectOrder(key).toHavePassedElementsInOrder(...handlers);
    const others = HANDLERS.filter((id) => !handlers.includes(id));
    if (others.length > 0) await expectOrder(key).toHaveNotPassedElements(...others);
  }

  async function expectStockUntouched() {
    expect(await h.repos.inventory.list()).toEqual([
      { sku: 'SKU-A', available: 5, reserved: 0 },
      { sku: 'SKU-B', available: 3, reserved: 0 },
    ]);
  }

  async function expectLedgerBalanced(orderId: string) {
    const ledger = await h.repos.payments.ledger(orderId);
    expect(ledger.map((p) => [p.kind, p.amountMinor])).toEqual([
      ['charge', 4990],
      ['refund', 4990],
    ]);
    expect(await h.repos.payments.accountBalance('customer-1', 'EUR')).toBe(100_00);
  }

  it('happy path: pays, reserves, ships, confirms and completes the order', async () => {
    const key = await run(order('order-happy'));
    await expectOrder(key).toHavePassedExactly(
      'order-received',
      'register-order',
      'charge-payment',
      'reserve-inventory',
      'choose-carrier',
      'create-shipment',
      'notify-customer',
      'mark-order-completed',
      'order-completed',
    );
    expect(await h.repos.orders.get('order-happy')).toMatchObject({ status: 'completed', processInstanceKey: key });
    expect((await h.repos.payments.ledger('order-happy')).map((p) => [p.kind, p.amountMinor])).toEqual([
      ['charge', 4990],
    ]);
    expect(await h.repos.payments.accountBalance('customer-1', 'EUR')).toBe(100_00 - 4990);
    expect(await h.repos.inventory.list()).toEqual([
      { sku: 'SKU-A', available: 3, reserved: 2 },
      { sku: 'SKU-B', available: 2, reserved: 1 },
    ]);
    expect(await h.repos.shipments.get('order-happy')).toMatchObject({ status: 'created', carrierCode: 'parcelco' });
    expect(await h.repos.outbox.list({ topic: 'order-confirmation' })).toHaveLength(1);
  });

  it('the decision shipping-carrier picks the carrier: a valuable order ships insured with SwiftShip', async () => {
    await h.repos.payments.setAccountBalance('customer-1', 'EUR', 5_000_00);
    await h.repos.shipments.setCarrier('swiftship', 'SwiftShip', 10);
    const key = await run(order('order-valuable', { amount: 1_200 }));
    await expectOrder(key).toHaveVariables({ shipping: { carrier: 'swiftship', service: 'insured' } });
    expect(await h.repos.shipments.get('order-valuable')).toMatchObject({
      status: 'created',
      carrierCode: 'swiftship',
    });
    // a small one goes with ParcelCo, and a chosen carrier without a free slot falls back to another
    await h.repos.shipments.setCarrier('swiftship', 'SwiftShip', 0);
    const fallback = await run(order('order-fallback', { amount: 300 }));
    await expectOrder(fallback).toHaveVariables({ shipping: { carrier: 'swiftship', service: 'express' } });
    expect(await h.repos.shipments.get('order-fallback')).toMatchObject({ carrierCode: 'parcelco' });
  });

  it('declined payment: rejects the order with nothing to compensate', async () => {
    await h.repos.payments.setAccountBalance('customer-1', 'EUR', 10_00);
    const key = await run(order('order-declined'));
    await expectOrder(key).toHavePassedExactly(
      'order-received',
      'register-order',
      'payment-declined',
      'mark-order-rejected',
      'order-rejected',
    );
    // the interrupting error boundary cancelled the charge
    await expectOrder(key).toHaveTerminatedElements('charge-payment');
    await expectHandlersRun(key);
    const stored = await h.repos.orders.get('order-declined');
    expect(stored?.status).toBe('rejected');
    expect(stored?.statusReason).toMatch(/payment declined: insufficient funds/);
    expect(await h.repos.payments.ledger()).toEqual([]);
    await expectStockUntouched();
  });

  it('out of stock: refunds the payment and cancels the order', async () => {
    await h.repos.inventory.setStock('SKU-B', 0);
    const key = await run(order('order-no-stock'));
    // The error event subprocess undo-order is entered first and completes last; each compensation throw
    // event is entered before the handlers it starts.
    await expectOrder(key).toHavePassedExactly(
      'order-received',
      'register-order',
      'charge-payment',
      'undo-order',
      'order-failed',
      'undo-shipment',
      'undo-reservation',
      'undo-payment',
      'refund-payment',
      'mark-order-cancelled',
      'order-cancelled',
    );
    await expectHandlersRun(key, 'refund-payment');
    const stored = await h.repos.orders.get('order-no-stock');
    expect(stored?.status).toBe('cancelled');
    expect(stored?.statusReason).toBe('out of stock: SKU-B (requested 1, available 0)');
    await expectLedgerBalanced('order-no-stock');
    expect(await h.repos.inventory.list()).toEqual([
      { sku: 'SKU-A', available: 5, reserved: 0 },
      { sku: 'SKU-B', available: 0, reserved: 0 },
    ]);
  });

  it('shipping failure: releases the stock, then refunds, and cancels the order', async () => {
    await h.repos.shipments.setCarrier('parcelco', 'ParcelCo', 0);
    const key = await run(order('order-no-carrier'));
    await expectHandlersRun(key, 'release-inventory', 'refund-payment');
    await expectOrder(key).toHavePassedElementsInOrder(
      'undo-order',
      'order-failed',
      'undo-shipment',
      'undo-reservation',
      'release-inventory',
      'undo-payment',
      'refund-payment',
      'mark-order-cancelled',
      'order-cancelled',
    );
    expect(await h.repos.orders.get('order-no-carrier')).toMatchObject({
      status: 'cancelled',
      statusReason: 'shipping failed: no carrier has a free pickup slot',
    });
    await expectLedgerBalanced('order-no-carrier');
    await expectStockUntouched();
    expect(await h.repos.shipments.get('order-no-carrier')).toBeUndefined();
  });

  it('shipment SLA: after 2 hours escalates, voids the late booking, releases the stock, refunds', async () => {
    const held = gate();
    heldShipments.set('order-late', held);
    const key = await start(order('order-late'));
    await expectOrder(key).toBeWaitingAt('create-shipment');
    await h.pt.clock.advance('PT2H');
    await expectOrder(key).toBeCompleted();

    await expectHandlersRun(key, 'release-inventory', 'refund-payment');
    await expectOrder(key).toHavePassedExactly(
      'order-received',
      'register-order',
      'charge-payment',
      'reserve-inventory',
      'choose-carrier',
      'shipment-sla-breached',
      'escalate-shipment',
      'void-late-shipment',
      // shipment-timed-out is an error end event: the error interrupts its scope, so it is terminated.
      'undo-order',
      'order-failed',
      'undo-shipment',
      'undo-reservation',
      'release-inventory',
      'undo-payment',
      'refund-payment',
      'mark-order-cancelled',
      'order-cancelled',
    );
    await expectOrder(key).toHaveTerminatedElements('create-shipment', 'shipment-timed-out');
    expect(await h.repos.orders.get('order-late')).toMatchObject({
      status: 'cancelled',
      statusReason: 'shipment of order order-late was not created within its SLA',
    });
    expect(await h.repos.outbox.list({ topic: 'shipment-sla-breached' })).toHaveLength(1);
    await expectLedgerBalanced('order-late');
    await expectStockUntouched();

    // The booking that was still in flight finishes now, and must not ship the cancelled order.
    held.open();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await h.repos.shipments.get('order-late')).toMatchObject({ status: 'cancelled', carrierCode: null });
    expect(await h.repos.shipments.freeSlots('parcelco')).toBe(10);
  });

  it('a failure after shipping undoes shipment, reservation and payment, newest first', async () => {
    failAfterShipment.add('order-refused');
    const key = await run(order('order-refused'));
    await expectHandlersRun(key, 'cancel-shipment', 'release-inventory', 'refund-payment');
    await expectOrder(key).toHavePassedElementsInOrder(
      'create-shipment',
      'undo-order',
      'order-failed',
      'undo-shipment',
      'cancel-shipment',
      'undo-reservation',
      'release-inventory',
      'undo-payment',
      'refund-payment',
      'mark-order-cancelled',
      'order-cancelled',
    );
    expect(await h.repos.orders.get('order-refused')).toMatchObject({
      status: 'cancelled',
      statusReason: 'the customer refused the delivery',
    });
    await expectLedgerBalanced('order-refused');
    await expectStockUntouched();
    expect(await h.repos.shipments.get('order-refused')).toMatchObject({
      status: 'cancelled',
      carrierCode: 'parcelco',
    });
    expect(await h.repos.shipments.freeSlots('parcelco')).toBe(10);
  });

  it('cancelled on request while shipping: voids the booking in flight, releases the stock, refunds, once', async () => {
    const held = gate();
    heldShipments.set('order-cancel', held);
    const key = await start(order('order-cancel'));
    await expectOrder(key).toBeWaitingAt('create-shipment');
    const cancel = () =>
      h.zeebe.publishMessage({
        name: 'order-cancellation-requested',
        correlationKey: 'order-cancel',
        variables: {},
        timeToLive: 0,
      });
    await cancel();
    await expectOrder(key).toBeCompleted();
    // a second request finds no subscription: nothing runs twice
    await cancel();

    await expectHandlersRun(key, 'release-inventory', 'refund-payment');
    await expectOrder(key).toHavePassedExactly(
      'order-received',
      'register-order',
      'charge-payment',
      'reserve-inventory',
      'choose-carrier',
      'cancel-order',
      'cancellation-requested',
      'void-shipment-on-cancel',
      'undo-reservation-on-cancel',
      'release-inventory',
      'undo-payment-on-cancel',
      'refund-payment',
      'mark-order-cancelled-on-request',
      'order-cancelled-on-request',
    );
    await expectOrder(key).toHaveTerminatedElements('create-shipment');
    expect(await h.repos.orders.get('order-cancel')).toMatchObject({
      status: 'cancelled',
      statusReason: 'cancelled on request',
    });
    await expectLedgerBalanced('order-cancel');
    await expectStockUntouched();

    // The booking still in flight finishes now, and must not ship the cancelled order.
    held.open();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await h.repos.shipments.get('order-cancel')).toMatchObject({ status: 'cancelled', carrierCode: null });
    expect(await h.repos.shipments.freeSlots('parcelco')).toBe(10);
  });

  it('a job delivered twice (timed out after its side effect) charges once', async () => {
    const held = gate();
    heldCharges.set('order-twice', held);
    const key = await start(order('order-twice'));
    await pollFor(
      'the first delivery of charge-payment',
      () => chargeDeliveries.some((d) => d.orderId === 'order-twice'),
      15_000,
    );
    // The worker holding the job has charged but not completed; its lock runs out.
    await h.pt.clock.advance(JOB_TIMEOUT_MS + 1_000);
    await expectOrder(key).toBeCompleted();
    held.open();

    const deliveries = chargeDeliveries.filter((d) => d.orderId === 'order-twice');
    expect(deliveries).toHaveLength(2);
    expect(deliveries[1].jobKey).toBe(deliveries[0].jobKey);
    expect(await h.repos.orders.get('order-twice')).toMatchObject({ status: 'completed' });
    expect((await h.repos.payments.ledger('order-twice')).map((p) => p.kind)).toEqual(['charge']);
    expect(await h.repos.payments.accountBalance('customer-1', 'EUR')).toBe(100_00 - 4990);
  });

  it('200 concurrent orders over 20 scarce SKUs never oversell and leave the ledger balanced', async () => {
    const skus = Array.from({ length: 20 }, (_, i) => `SKU-${String(i).padStart(2, '0')}`);
    const initialStock = 6;
    for (const sku of skus) await h.repos.inventory.setStock(sku, initialStock);
    const customers = Array.from({ length: 10 }, (_, i) => `customer-${i}`);
    for (const c of customers) await h.repos.payments.setAccountBalance(c, 'EUR', 1_000_000);
    await h.repos.shipments.setCarrier('parcelco', 'ParcelCo', 1_000);

    // Deterministic pseudo-random orders: 1-2 lines of 1-3 units; demand far exceeds the 120 units in stock.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const orders = Array.from({ length: 200 }, (_, i) => {
      const first = skus[random(20)];
      const second = skus[random(20)];
      const items = [{ sku: first, quantity: 1 + random(3) }];
      if (random(2) === 1 && second !== first) items.push({ sku: second, quantity: 1 + random(3) });
      return { orderId: `bulk-${i}`, customerId: customers[i % 10], items, amount: 10 + (i % 7), currency: 'EUR' };
    });

    const keys = await Promise.all(orders.map((variables) => start(variables)));
    // One at a time: while the first is awaited the others run on, so this polls little.
    for (const key of keys) await expectOrder(key).withTimeout(60_000).toBeCompleted();

    const stored = await h.repos.orders.list({ limit: 1000 });
    const byStatus = (s: string) => stored.filter((o) => o.status === s);
    expect(stored).toHaveLength(200);
    expect(byStatus('completed').length + byStatus('cancelled').length).toBe(200);
    expect(byStatus('completed').length).toBeGreaterThan(0);
    expect(byStatus('cancelled').length).toBeGreaterThan(0);

    // Stock: nothing oversold, nothing lost; what is reserved is exactly what completed orders hold.
    const reservedByCompleted = new Map<string, number>();
    for (const o of byStatus('completed')) {
      for (const item of o.items)
        reservedByCompleted.set(item.sku, (reservedByCompleted.get(item.sku) ?? 0) + item.quantity);
    }
    const bulkLevels = (await h.repos.inventory.list()).filter((level) => skus.includes(level.sku));
    expect(bulkLevels).toHaveLength(skus.length);
    for (const level of bulkLevels) {
      expect(level.available).toBeGreaterThanOrEqual(0);
      expect(level.available + level.reserved).toBe(initialStock);
      expect(level.reserved).toBe(reservedByCompleted.get(level.sku) ?? 0);
    }

    // Ledger: completed orders are charged once; cancelled orders are refunded what they were charged.
    expect(await h.repos.payments.totalsByOrderStatus()).toEqual({
      completed: {
        chargedMinor: byStatus('completed').reduce((sum, o) => sum + o.amountMinor, 0),
        refundedMinor: 0,
      },
      cancelled: {
        chargedMinor: byStatus('cancelled').reduce((sum, o) => sum + o.amountMinor, 0),
        refundedMinor: byStatus('cancelled').reduce((sum, o) => sum + o.amountMinor, 0),
      },
    });
    let balances = 0;
    for (const c of customers) balances += (await h.repos.payments.accountBalance(c, 'EUR')) ?? 0;
    expect(balances).toBe(10 * 1_000_000 - byStatus('completed').reduce((sum, o) => sum + o.amountMinor, 0));
    await h.pt.expectNoIncidents(keys);
  }, 90_000);

  // Last on purpose: the scenarios above together must reach the whole model (issue 5's coverage report).
  it('the scenarios reach every element and take every sequence flow of the model', async () => {
    expect(await h.uncovered('order-fulfilment.bpmn')).toEqual({ elements: [], flows: [] });
  });
});
