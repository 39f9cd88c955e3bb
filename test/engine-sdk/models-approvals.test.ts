/**
 * User models 1–5 of test/fixtures/models/ through the unmodified SDK over gRPC: loan approval, document review,
 * invoice payment, batch production, expense approval.
 * Each test drives one path with jobs, messages, signals and the engine clock, then asserts the element ids
 * completed, in order, and the process variables that result (cluster: user-models-cluster.ts).
 */
import { describeWithEngine } from '../support/describe-with-engine';
import type { TestEngine } from '../support/engine';
import { userModelsCluster } from './user-models-cluster';
import { completeOne, expectRead, instanceState, noJobs, remote, takeJobs, type ZeebeClient } from './zeebe-harness';

const HOUR = 3_600_000;

describeWithEngine('user models through the SDK over gRPC, path by path (1 of 2)', () => {
  const models = userModelsCluster();
  let zeebe: ZeebeClient;
  let cluster: TestEngine;
  beforeAll(() => {
    zeebe = models.zeebe;
    cluster = models.cluster;
  });
  const { start, finished } = models;

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
      await expectRead(remote(cluster), () => instanceState(remote(cluster), key)).toBe('ACTIVE');
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
});
