/**
 * order-fulfilment when the customer cannot be notified: notify-customer fails technically until its retries
 * run out. That must never undo the order — the model sends no BPMN error from there — so the instance waits
 * at an incident with payment, reservation and shipment in place, and a person's retry finishes it.
 * Runs on every engine the fixture picks (process-test toolkit only).
 */
import type { OrderStartVariables } from '../../src/processes/order-fulfilment';
import type { JobContext, JobHandler } from '../../workers/worker-definition';
import { clearAllData } from '../data/test-database';
import { describeWithEngine } from '../support/describe-with-engine';
import { type Harness, startHarness } from './process-harness';

const COMPENSATIONS = ['refund-payment', 'release-inventory', 'cancel-shipment', 'undo-payment'];

describeWithEngine('order-fulfilment: a notification that keeps failing', () => {
  let h: Harness;
  let mailServerDown = true;
  let attempts = 0;

  beforeAll(async () => {
    h = await startHarness('order-notification-failure');
    type Handler = JobHandler<{ orderId: string }, Record<string, unknown>>;
    h.startWorkers({
      // no waiting between attempts: the point is what happens when the retries are used up
      retryBackOffMs: () => 0,
      handlerOverrides: {
        'notify-customer': (real: Handler) => async (input, job: JobContext) => {
          if (mailServerDown) {
            attempts += 1;
            throw new Error('mail server unreachable (ECONNREFUSED)');
          }
          return real(input, job);
        },
      },
    });
  });
  afterAll(() => h?.close());

  beforeEach(async () => {
    await clearAllData(h.db);
    await h.repos.payments.setAccountBalance('customer-1', 'EUR', 100_00);
    await h.repos.inventory.setStock('SKU-A', 5);
    await h.repos.shipments.setCarrier('parcelco', 'ParcelCo', 10);
  });

  const order: OrderStartVariables = {
    orderId: 'order-unnotified',
    customerId: 'customer-1',
    items: [{ sku: 'SKU-A', quantity: 2 }],
    amount: 30,
    currency: 'EUR',
  };

  it('raises an incident at notify-customer and undoes nothing; a retry after the fix completes the order', async () => {
    const key = await h.start('order-fulfilment', order);
    const instance = () => h.pt.expectProcessInstance(key);

    await instance().toHaveIncident({ elementId: 'notify-customer', messageContains: 'mail server unreachable' });
    expect(attempts).toBe(5); // the model's retries="5", each failure reported with retries - 1
    await instance().toBeActive();
    await instance().toHaveNotPassedElements(...COMPENSATIONS);
    // paid, reserved and shipped, and still so: the order is not cancelled
    expect(await h.repos.orders.get(order.orderId)).toMatchObject({ status: 'in_progress' });
    expect((await h.repos.payments.ledger(order.orderId)).map((p) => p.kind)).toEqual(['charge']);
    expect(await h.repos.inventory.list()).toEqual([{ sku: 'SKU-A', available: 3, reserved: 2 }]);

    // the mail server is back: a person gives the job retries and resolves the incident (as in Operate)
    mailServerDown = false;
    const [incident] = (await h.pt.api.incidents(key)).filter((i) => i.state === 'ACTIVE');
    expect(incident.jobKey).toBeDefined();
    await h.zeebe.updateJobRetries({ jobKey: String(incident.jobKey), retries: 1 });
    await h.zeebe.resolveIncident({ incidentKey: String(incident.incidentKey) });
    await instance().toBeCompleted();
    await instance().toHaveNotPassedElements(...COMPENSATIONS);
    expect(await h.repos.orders.get(order.orderId)).toMatchObject({ status: 'completed' });
    expect((await h.repos.payments.ledger(order.orderId)).map((p) => p.kind)).toEqual(['charge']);
  });
});
