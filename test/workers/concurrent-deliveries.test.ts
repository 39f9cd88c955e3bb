/**
 * Every job delivered twice at the same moment: 100 orders over 20 scarce SKUs, few pickup slots and tight
 * budgets run the saga's steps (as order-fulfilment orders them) through the real worker definitions, each
 * step handed to two "workers" at once. Both deliveries must give the same outcome (same variables, or the
 * same BPMN error), and the data must end consistent: nothing oversold or overbooked, every cancelled order
 * refunded, nothing charged for a rejected one. On PostgreSQL (test/data/postgres.test.ts) the two
 * deliveries really run in parallel transactions.
 */
import { createRepositories, type Repositories } from '../../src/data';
import type { Database } from '../../src/data/database';
import { decideJobOutcome, type JobOutcome } from '../../workers/run-job';
import { findWorker } from '../../workers/worker-registry';
import { clearAllData, openTestDatabase } from '../data/test-database';
import { silentLogger } from './job-context';

const SKUS = Array.from({ length: 20 }, (_, i) => `SKU-${String(i).padStart(2, '0')}`);
const CUSTOMERS = Array.from({ length: 10 }, (_, i) => `customer-${i}`);
const STOCK_PER_SKU = 3;
const SLOTS = 15;
const BALANCE_MINOR = 50_00;

interface Variables extends Record<string, unknown> {
  orderId: string;
}

describe('jobs delivered twice at the same moment', () => {
  let db: Database;
  let repos: Repositories;
  let nextKey = 4_503_599_627_370_496n;
  const disagreements: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    repos = createRepositories(db);
    await clearAllData(db);
    for (const sku of SKUS) await repos.inventory.setStock(sku, STOCK_PER_SKU);
    for (const c of CUSTOMERS) await repos.payments.setAccountBalance(c, 'EUR', BALANCE_MINOR);
    await repos.shipments.setCarrier('parcelco', 'ParcelCo', SLOTS);
  });
  afterAll(() => db.close());

  /** Hands one job to two workers at once; both must decide the same. */
  async function deliverTwice(taskType: string, elementId: string, processInstanceKey: string, variables: Variables) {
    const definition = findWorker(taskType);
    const handler = definition.createHandler({ db, logger: silentLogger });
    nextKey += 2n;
    const job = {
      key: String(nextKey),
      processInstanceKey,
      bpmnProcessId: 'order-fulfilment',
      elementId,
      elementInstanceKey: String(nextKey + 1n),
      retries: 3,
      variables,
      complete: async () => undefined,
      fail: async () => undefined,
      error: async () => undefined,
    };
    const [first, second] = await Promise.all([
      decideJobOutcome(definition, handler, job, { logger: silentLogger }),
      decideJobOutcome(definition, handler, job, { logger: silentLogger }),
    ]);
    if (JSON.stringify(first) !== JSON.stringify(second)) {
      disagreements.push(`${variables.orderId} ${elementId}: ${JSON.stringify(first)} vs ${JSON.stringify(second)}`);
    }
    if (first.kind === 'failed') throw new Error(`${variables.orderId} ${elementId}: ${first.errorMessage}`);
    return first as Exclude<JobOutcome, { kind: 'failed' }>;
  }

  /** The order saga in the model's order: each BPMN error ends it with the model's compensations. */
  async function runOrder(variables: Variables, processInstanceKey: string): Promise<void> {
    const vars: Variables = { ...variables };
    const step = async (taskType: string, elementId = taskType, extra: Record<string, unknown> = {}) => {
      const outcome = await deliverTwice(taskType, elementId, processInstanceKey, { ...vars, ...extra });
      Object.assign(vars, outcome.variables);
      return outcome;
    };
    const finish = (status: string) => step('set-order-status', `mark-order-${status}`, { orderStatus: status });

    await step('register-order');
    if ((await step('charge-payment')).kind === 'bpmn-error') return void (await finish('rejected'));
    if ((await step('reserve-inventory')).kind === 'bpmn-error') {
      await step('refund-payment');
      return void (await finish('cancelled'));
    }
    if ((await step('create-shipment')).kind === 'bpmn-error') {
      await step('release-inventory');
      await step('refund-payment');
      return void (await finish('cancelled'));
    }
    await step('notify-customer');
    await finish('completed');
  }

  it('100 orders: each pair of deliveries agrees, and stock, slots and ledger stay consistent', async () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const orders = Array.from({ length: 100 }, (_, i) => {
      const first = SKUS[random(20)];
      const second = SKUS[random(20)];
      const items = [{ sku: first, quantity: 1 + random(3) }];
      if (random(2) === 1 && second !== first) items.push({ sku: second, quantity: 1 + random(3) });
      return { orderId: `twice-${i}`, customerId: CUSTOMERS[i % 10], items, amount: 10 + (i % 7), currency: 'EUR' };
    });
    await Promise.all(orders.map((o, i) => runOrder(o, String(2_251_799_813_700_000 + i))));

    expect(disagreements).toEqual([]);
    const stored = await repos.orders.list({ limit: 1000 });
    const byStatus = (s: string) => stored.filter((o) => o.status === s);
    const sum = (list: typeof stored) => list.reduce((total, o) => total + o.amountMinor, 0);
    expect(stored).toHaveLength(100);
    expect(byStatus('in_progress')).toEqual([]);
    expect(byStatus('completed').length).toBeGreaterThan(0);
    expect(byStatus('completed').length).toBeLessThanOrEqual(SLOTS);

    // Stock: nothing oversold, nothing lost; what is reserved is exactly what completed orders hold.
    const heldByCompleted = new Map<string, number>();
    for (const o of byStatus('completed'))
      for (const item of o.items) heldByCompleted.set(item.sku, (heldByCompleted.get(item.sku) ?? 0) + item.quantity);
    for (const level of await repos.inventory.list()) {
      expect(level.available).toBeGreaterThanOrEqual(0);
      expect(level.available + level.reserved).toBe(STOCK_PER_SKU);
      expect(level.reserved).toBe(heldByCompleted.get(level.sku) ?? 0);
    }

    // One slot per completed order; the cancelled ones gave theirs back or never had one.
    expect(await repos.shipments.freeSlots('parcelco')).toBe(SLOTS - byStatus('completed').length);

    // Ledger: completed charged once, cancelled refunded in full, rejected never charged.
    const totals = await repos.payments.totalsByOrderStatus();
    expect(totals.completed).toEqual({ chargedMinor: sum(byStatus('completed')), refundedMinor: 0 });
    if (byStatus('cancelled').length > 0) {
      expect(totals.cancelled).toEqual({
        chargedMinor: sum(byStatus('cancelled')),
        refundedMinor: sum(byStatus('cancelled')),
      });
    }
    if (byStatus('rejected').length > 0) expect(totals.rejected).toEqual({ chargedMinor: 0, refundedMinor: 0 });
    let balances = 0;
    for (const c of CUSTOMERS) balances += (await repos.payments.accountBalance(c, 'EUR')) ?? 0;
    expect(balances).toBe(CUSTOMERS.length * BALANCE_MINOR - sum(byStatus('completed')));
    expect(await repos.outbox.list({ topic: 'order-confirmation' })).toHaveLength(byStatus('completed').length);
  }, 120_000);
});
