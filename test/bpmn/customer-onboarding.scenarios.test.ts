/**
 * customer-onboarding end to end: the real model on the cluster test/support/engine.ts picks (embedded by
 * default, a real Zeebe with TEST_ENGINE=container), driven over gRPC by the real workers, with the app's
 * data in a real (in-memory PGlite) database. Engine state is read only through the process-test toolkit
 * (REST v2); the engine clock is moved to prove the kickoff reminder fires while the wait for the kickoff
 * call holds. Element order is activation order (src/process-test/element-history.ts).
 */
import { LARGE_TENANT_SEATS, type OnboardingStartVariables } from '../../src/processes/customer-onboarding';
import { clearAllData } from '../data/test-database';
import { describeWithEngine } from '../support/describe-with-engine';
import { type Harness, startHarness } from './process-harness';

/** Whether an engine records the compensation boundary events as element instances is not the point here. */
const isCompensationBoundary = (elementId: string) => elementId.endsWith('-compensation');

describeWithEngine('customer-onboarding process', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('customer-onboarding');
    h.startWorkers();
  });
  afterAll(() => h?.close());
  beforeEach(() => clearAllData(h.db));
  afterEach(() => h.resetClock());

  /** The outbox's onboarding messages: on a shared cluster, an order of another suite can reach these workers. */
  const ONBOARDING_TOPICS = new Set(['welcome', 'customer-onboarded', 'kickoff-reminder']);
  const onboardingMessages = async () => (await h.repos.outbox.list()).filter((m) => ONBOARDING_TOPICS.has(m.topic));

  const customer = (customerId: string, company = `Company of ${customerId}`): OnboardingStartVariables => ({
    customerId,
    email: `${customerId}@example.com`,
    company,
  });

  const expectInstance = (key: string) => h.pt.expectProcessInstance(key).ignoringElements(isCompensationBoundary);
  const start = (variables: OnboardingStartVariables) => h.start('customer-onboarding', variables);

  async function publish(name: string, customerId: string) {
    await h.zeebe.publishMessage({ name, correlationKey: customerId, variables: {}, timeToLive: 60_000 });
  }

  it('onboards a customer once the kickoff call happened', async () => {
    const key = await start(customer('cust-happy'));
    await expectInstance(key).toBeWaitingAt('wait-kickoff');
    await expectInstance(key).toBeWaitingForMessage('kickoff-completed', 'cust-happy');
    await publish('kickoff-completed', 'cust-happy');

    await expectInstance(key).toBeCompleted();
    await expectInstance(key).toHaveCorrelatedMessage('kickoff-completed');
    await expectInstance(key).toHavePassedExactly(
      'onboarding-requested',
      'create-crm-record',
      'tenant-size',
      'tenant-approved',
      'provision-tenant',
      'send-welcome-email',
      'wait-kickoff',
      'report-analytics',
      'onboarding-completed',
    );
    expect(await h.repos.customers.get('cust-happy')).toMatchObject({ status: 'active', processInstanceKey: key });
    expect(await h.repos.tenants.get('cust-happy')).toMatchObject({ status: 'active', slug: 'company-of-cust-happy' });
    expect((await onboardingMessages()).map((m) => [m.topic, m.recipient])).toEqual([
      ['welcome', 'cust-happy@example.com'],
      ['customer-onboarded', null],
    ]);
  });

  it('reminds after 3 days without a kickoff call and keeps waiting for it', async () => {
    const key = await start(customer('cust-slow'));
    await expectInstance(key).toBeWaitingAt('wait-kickoff');

    await h.pt.clock.advance('P2D');
    await expectInstance(key).toHaveNotActivatedElements('kickoff-reminder-due');

    await h.pt.clock.advance('P1DT1S');
    await expectInstance(key).toHavePassedElements('reminder-sent');
    await expectInstance(key).toBeWaitingOnlyAt('wait-kickoff');
    expect((await h.repos.outbox.list({ topic: 'kickoff-reminder' })).map((m) => m.recipient)).toEqual([
      'cust-slow@example.com',
    ]);

    await publish('kickoff-completed', 'cust-slow');
    await expectInstance(key).toBeCompleted();
    // The reminder is a non-interrupting boundary event: it is entered after the receive task it sits on.
    await expectInstance(key).toHavePassedExactly(
      'onboarding-requested',
      'create-crm-record',
      'tenant-size',
      'tenant-approved',
      'provision-tenant',
      'send-welcome-email',
      'wait-kickoff',
      'kickoff-reminder-due',
      'send-kickoff-reminder',
      'reminder-sent',
      'report-analytics',
      'onboarding-completed',
    );
    expect(await h.repos.outbox.list({ topic: 'customer-onboarded' })).toHaveLength(1);
  });

  it('a customer who cancels has tenant and CRM record undone, newest first', async () => {
    const key = await start(customer('cust-cancel'));
    await expectInstance(key).toBeWaitingAt('wait-kickoff');
    await publish('onboarding-cancelled', 'cust-cancel');

    await expectInstance(key).toBeCompleted();
    await expectInstance(key).toHavePassedElementsInOrder('deprovision-tenant', 'delete-crm-record');
    await expectInstance(key).toHavePassedElementsInOrder(
      'cancel-onboarding',
      'cancellation-requested',
      'undo-tenant-on-cancel',
      'deprovision-tenant',
      'undo-crm-record-on-cancel',
      'delete-crm-record',
      'onboarding-cancelled',
    );
    await expectInstance(key).toHaveNotPassedElements('wait-kickoff', 'report-analytics');
    expect((await h.repos.customers.get('cust-cancel'))?.status).toBe('deleted');
    expect((await h.repos.tenants.get('cust-cancel'))?.status).toBe('deprovisioned');
  });

  it('a provisioning failure deletes the CRM record again', async () => {
    await h.repos.tenants.provision('someone-else', 'acme');
    const key = await start(customer('cust-acme', 'ACME'));

    await expectInstance(key).toBeCompleted();
    await expectInstance(key).toHavePassedExactly(
      'onboarding-requested',
      'create-crm-record',
      'tenant-size',
      'tenant-approved',
      'provisioning-failed',
      'undo-crm-record',
      'delete-crm-record',
      'onboarding-failed',
    );
    expect((await h.repos.customers.get('cust-acme'))?.status).toBe('deleted');
    expect(await h.repos.tenants.get('cust-acme')).toBeUndefined();
    expect(await onboardingMessages()).toEqual([]);
  });

  it('a large tenant waits for a person to approve it (REST v2 user task with its form), then continues', async () => {
    const key = await start({ ...customer('cust-large'), seats: LARGE_TENANT_SEATS });
    await expectInstance(key).toBeWaitingAt('approve-large-tenant');
    await h.pt.expectUserTask('approve-large-tenant').toHaveCandidateGroups('account-management');
    expect(await h.repos.tenants.get('cust-large')).toBeUndefined();
    const task = await h.pt.completeUserTask(
      { elementId: 'approve-large-tenant', processInstanceKey: key },
      { approved: true, approvalComment: 'fine' },
    );
    // the form approve-large-tenant (bpmn/approve-large-tenant.form) was bound when the task was created
    expect((task as { formKey?: unknown }).formKey).toEqual(expect.any(String));

    await expectInstance(key).toBeWaitingAt('wait-kickoff');
    await publish('kickoff-completed', 'cust-large');
    await expectInstance(key).toBeCompleted();
    await expectInstance(key).toHavePassedExactly(
      'onboarding-requested',
      'create-crm-record',
      'tenant-size',
      'approve-large-tenant',
      'approval-decision',
      'tenant-approved',
      'provision-tenant',
      'send-welcome-email',
      'wait-kickoff',
      'report-analytics',
      'onboarding-completed',
    );
    expect(await h.repos.tenants.get('cust-large')).toMatchObject({ status: 'active' });
  });

  it('a rejected large tenant has its CRM record undone and is never provisioned', async () => {
    const key = await start({ ...customer('cust-refused'), seats: 5_000 });
    await h.pt.completeUserTask({ elementId: 'approve-large-tenant', processInstanceKey: key }, { approved: false });

    await expectInstance(key).toBeCompleted();
    await expectInstance(key).toHavePassedExactly(
      'onboarding-requested',
      'create-crm-record',
      'tenant-size',
      'approve-large-tenant',
      'approval-decision',
      'undo-crm-record-on-reject',
      'delete-crm-record',
      'onboarding-rejected',
    );
    expect((await h.repos.customers.get('cust-refused'))?.status).toBe('deleted');
    expect(await h.repos.tenants.get('cust-refused')).toBeUndefined();
    expect(await onboardingMessages()).toEqual([]);
  });

  it('just below the threshold, a tenant is provisioned without approval', async () => {
    const key = await start({ ...customer('cust-99'), seats: LARGE_TENANT_SEATS - 1 });
    await expectInstance(key).toBeWaitingAt('wait-kickoff');
    await expectInstance(key).toHaveNotActivatedElements('approve-large-tenant');
  });

  // Last on purpose: the scenarios above together must reach the whole model (issue 5's coverage report).
  it('the scenarios reach every element and take every sequence flow of the model', async () => {
    expect(await h.uncovered('customer-onboarding.bpmn')).toEqual({ elements: [], flows: [] });
  });
});
