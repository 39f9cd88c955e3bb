/**
 * The ten user models in test/fixtures/models/ (plus the process loan-approval calls) deploy through the
 * unmodified SDK over gRPC and run to completion path by path: each test drives one path with jobs,
 * messages, signals and the engine clock, then asserts the element ids completed, in order, and the
 * process variables that result.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithEngine } from '../support/describe-with-engine';
import { startEngine, type TestEngine } from '../support/engine';
import {
  closeCluster,
  completedElements,
  completeOne,
  instanceState,
  noJobs,
  remote,
  rootVariables,
  takeJobs,
  untilEnded,
  type ZeebeClient,
} from './zeebe-harness';

const MODELS_DIR = path.join(__dirname, '..', 'fixtures', 'models');
const HOUR = 3_600_000;

describeWithEngine('user models through the SDK over gRPC, path by path', () => {
  let cluster: TestEngine;
  let zeebe: ZeebeClient;

  beforeAll(async () => {
    cluster = await startEngine();
    zeebe = cluster.zeebe;
    const files = readdirSync(MODELS_DIR).filter((f) => f.endsWith('.bpmn'));
    await zeebe.deployResources(files.map((name) => ({ name, process: readFileSync(path.join(MODELS_DIR, name)) })));
  });
  afterAll(() => closeCluster(cluster));

  type Variables = Parameters<ZeebeClient['createProcessInstance']>[0]['variables'];
  const start = async (bpmnProcessId: string, variables: Variables) =>
    (await zeebe.createProcessInstance({ bpmnProcessId, variables })).processInstanceKey;
  const finished = async (key: string) => {
    const engine = remote(cluster);
    expect(await untilEnded(engine, key)).toBe('COMPLETED');
    return { path: await completedElements(engine, key), variables: await rootVariables(engine, key) };
  };

  describe('loan-approval (script, business rule job, call activity, error boundary)', () => {
    const applicant = { debt: 20_000, income: 80_000 };
    test('low risk: the account is opened by the called process', async () => {
      const key = await start('loan-approval', applicant);
      const rules = await completeOne(zeebe, 'loan-assess-risk', { risk: 'low' });
      expect(rules.variables).toEqual({ ...applicant, debtRatio: 0.25 });
      await completeOne(zeebe, 'loan-create-account', { accountId: 'AC-1', internal: 'stays in the child' });
      const run = await finished(key);
      expect(run.path).toEqual([
        'application-received',
        'calculate-ratio',
        'assess-risk',
        'risk-acceptable',
        'open-account',
        'loan-approved',
      ]);
      expect(run.variables).toEqual({ ...applicant, debtRatio: 0.25, risk: 'low', accountId: 'AC-1' });
    });
    test('high risk: a rejection is sent', async () => {
      const key = await start('loan-approval', applicant);
      await completeOne(zeebe, 'loan-assess-risk', { risk: 'high' });
      await completeOne(zeebe, 'loan-notify-rejection');
      const run = await finished(key);
      expect(run.path).toEqual([
        'application-received',
        'calculate-ratio',
        'assess-risk',
        'risk-acceptable',
        'notify-rejection',
        'loan-rejected',
      ]);
      expect(run.variables).toEqual({ ...applicant, debtRatio: 0.25, risk: 'high' });
    });
    test("the child's uncaught ACCOUNT_SETUP_FAILED is caught on the call activity", async () => {
      const key = await start('loan-approval', applicant);
      await completeOne(zeebe, 'loan-assess-risk', { risk: 'low' });
      const [create] = await takeJobs(zeebe, 'loan-create-account');
      await zeebe.throwError({
        jobKey: create.key,
        errorCode: 'ACCOUNT_SETUP_FAILED',
        errorMessage: 'core banking down',
      });
      const run = await finished(key);
      expect(run.path).toEqual([
        'application-received',
        'calculate-ratio',
        'assess-risk',
        'risk-acceptable',
        'setup-failed',
        'setup-failed-end',
      ]);
    });
  });

  describe('document-review (parallel multi-instance, completion condition, boundary timer)', () => {
    const reviewers = ['ann', 'bob', 'cy'];
    const vote = async (votes: string[]) => {
      const jobs = await takeJobs(zeebe, 'review-document', 3);
      for (const [i, v] of votes.entries()) await zeebe.completeJob({ jobKey: jobs[i].key, variables: { vote: v } });
      return jobs;
    };
    test('a quorum of approvals publishes; the third review is cancelled', async () => {
      const key = await start('document-review', { reviewers, quorum: 2 });
      await vote(['approve', 'approve']);
      await completeOne(zeebe, 'review-publish');
      const run = await finished(key);
      expect(run.path).toEqual([
        'document-submitted',
        'review-document',
        'review-document',
        'review-document',
        'accepted',
        'publish-document',
        'document-published',
      ]);
      expect(run.variables).toEqual({ reviewers, quorum: 2, votes: ['approve', 'approve', null] });
    });
    test('without a quorum of approvals the document goes back', async () => {
      const key = await start('document-review', { reviewers, quorum: 2 });
      await vote(['approve', 'reject']);
      const run = await finished(key);
      expect(run.path).toEqual([
        'document-submitted',
        'review-document',
        'review-document',
        'review-document',
        'accepted',
        'document-returned',
      ]);
      expect(run.variables.votes).toEqual(['approve', 'reject', null]);
    });
    test('48 hours without a quorum escalate', async () => {
      const key = await start('document-review', { reviewers, quorum: 3 });
      await vote(['approve']);
      await remote(cluster).clock.advance(48 * HOUR);
      await completeOne(zeebe, 'review-escalate');
      const run = await finished(key);
      expect(run.path).toEqual([
        'document-submitted',
        'review-document',
        'review-overdue',
        'escalate-review',
        'review-escalated',
      ]);
      expect(run.variables).toEqual({ reviewers, quorum: 3 });
    });
  });

  describe('invoice-payment (send task, event-based gateway)', () => {
    const open = async (invoiceId: string) => {
      const key = await start('invoice-payment', { invoiceId });
      await completeOne(zeebe, 'invoice-send');
      return key;
    };
    test('the payment arrives first', async () => {
      const key = await open('inv-1');
      await zeebe.publishMessage({
        name: 'invoice-payment-received',
        correlationKey: 'inv-1',
        timeToLive: 0,
        variables: { amount: 99 },
      });
      await completeOne(zeebe, 'invoice-book-payment');
      const run = await finished(key);
      expect(run.path).toEqual([
        'invoice-created',
        'send-invoice',
        'await-outcome',
        'payment-received',
        'book-payment',
        'invoice-paid',
      ]);
      expect(run.variables).toEqual({ invoiceId: 'inv-1', amount: 99 });
    });
    test('14 days pass first', async () => {
      const key = await open('inv-2');
      await remote(cluster).clock.advance(14 * 24 * HOUR);
      await completeOne(zeebe, 'invoice-send-dunning');
      const run = await finished(key);
      expect(run.path).toEqual([
        'invoice-created',
        'send-invoice',
        'await-outcome',
        'payment-overdue',
        'send-dunning',
        'invoice-dunned',
      ]);
    });
    test('a cancellation arrives first', async () => {
      const key = await open('inv-3');
      await zeebe.publishMessage({ name: 'invoice-cancelled', correlationKey: 'inv-3', timeToLive: 0 });
      const run = await finished(key);
      expect(run.path).toEqual([
        'invoice-created',
        'send-invoice',
        'await-outcome',
        'cancellation-received',
        'invoice-cancelled',
      ]);
      expect(run.variables).toEqual({ invoiceId: 'inv-3' });
    });
  });

  describe('batch-production (signal boundary, signal catch, signal event sub-process)', () => {
    test('audited while producing, shipped once quality releases it', async () => {
      const key = await start('batch-production', { batch: 'B-1' });
      const [produce] = await takeJobs(zeebe, 'batch-produce');
      await zeebe.broadcastSignal({ signalName: 'batch-audit', variables: { auditor: 'QA' } });
      await completeOne(zeebe, 'batch-audit-report', { auditOk: true });
      await zeebe.completeJob({ jobKey: produce.key, variables: { units: 500 } });
      await zeebe.broadcastSignal({ signalName: 'batch-quality-released' });
      await completeOne(zeebe, 'batch-ship');
      const run = await finished(key);
      expect(run.path).toEqual([
        'batch-planned',
        'audit-requested',
        'write-audit-report',
        'audit-done',
        'status-audit',
        'produce-batch',
        'quality-released',
        'ship-batch',
        'batch-shipped',
      ]);
      expect(run.variables).toEqual({ batch: 'B-1', auditor: 'QA', auditOk: true, units: 500 });
    });
    test('a recall scraps the batch in production', async () => {
      const key = await start('batch-production', { batch: 'B-2' });
      await takeJobs(zeebe, 'batch-produce');
      await zeebe.broadcastSignal({ signalName: 'batch-recall', variables: { reason: 'contamination' } });
      await completeOne(zeebe, 'batch-scrap');
      const run = await finished(key);
      expect(run.path).toEqual(['batch-planned', 'recall-issued', 'scrap-batch', 'batch-scrapped']);
      expect(run.variables).toEqual({ batch: 'B-2', reason: 'contamination' });
    });
  });

  describe('expense-approval (timer cycle and duration boundary events)', () => {
    test('approved before any reminder', async () => {
      const key = await start('expense-approval', { amount: 40 });
      await completeOne(zeebe, 'expense-approve', { approved: true });
      await completeOne(zeebe, 'expense-pay-out');
      const run = await finished(key);
      expect(run.path).toEqual(['expense-submitted', 'approve-expense', 'expense-approved', 'pay-out', 'expense-paid']);
      expect(run.variables).toEqual({ amount: 40, approved: true });
    });
    test('two reminders, then rejected by the approver', async () => {
      const engine = remote(cluster);
      const key = await start('expense-approval', { amount: 400 });
      const [approve] = await takeJobs(zeebe, 'expense-approve');
      await engine.clock.advance(HOUR);
      await completeOne(zeebe, 'expense-remind');
      await engine.clock.advance(HOUR);
      await completeOne(zeebe, 'expense-remind');
      await zeebe.completeJob({ jobKey: approve.key, variables: { approved: false } });
      const run = await finished(key);
      expect(run.path).toEqual([
        'expense-submitted',
        'remind-hourly',
        'send-reminder',
        'reminder-sent',
        'remind-hourly',
        'send-reminder',
        'reminder-sent',
        'approve-expense',
        'expense-approved',
        'expense-rejected',
      ]);
    });
    test('three reminders at most, then rejected automatically after four hours', async () => {
      const engine = remote(cluster);
      const key = await start('expense-approval', { amount: 4000 });
      await takeJobs(zeebe, 'expense-approve');
      for (let h = 0; h < 4; h++) await engine.clock.advance(HOUR);
      const reminders = await takeJobs(zeebe, 'expense-remind', 3);
      expect(await noJobs(zeebe, 'expense-remind')).toBe(true);
      // the reminders run on their own tokens: the interrupting timer ends only the approval
      expect(await instanceState(remote(cluster), key)).toBe('ACTIVE');
      for (const job of reminders) await zeebe.completeJob({ jobKey: job.key, variables: {} });
      const run = await finished(key);
      expect(run.path).toEqual([
        'expense-submitted',
        'remind-hourly',
        'remind-hourly',
        'remind-hourly',
        'approval-timed-out',
        'expense-auto-rejected',
        'send-reminder',
        'reminder-sent',
        'send-reminder',
        'reminder-sent',
        'send-reminder',
        'reminder-sent',
      ]);
    });
  });

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
