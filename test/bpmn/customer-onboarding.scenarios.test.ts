/**
 * customer-onboarding end to end: the real model on the embedded engine, driven over gRPC by the real
 * workers, with the app's data in a real (in-memory PGlite) database. The engine clock is moved to prove
 * the kickoff reminder fires while the wait for the kickoff call holds.
 */
import type { OnboardingStartVariables } from '../../workers/onboarding/onboarding-variables';
import { clearAllData } from '../data/test-database';
import {
  activeElements,
  completedElements,
  describeWithEngine,
  elementInstances,
  type Harness,
  startHarness,
  waitFor,
  waitForEnd,
  waitUntilActive,
} from './process-harness';

const DAY = 24 * 60 * 60 * 1000;

describeWithEngine('customer-onboarding process', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    h.startWorkers();
  });
  afterAll(() => h?.close());
  beforeEach(() => clearAllData(h.db));

  const customer = (customerId: string, company = `Company of ${customerId}`): OnboardingStartVariables => ({
    customerId,
    email: `${customerId}@example.com`,
    company,
  });

  /** Completed elements without the compensation boundary events. */
  const history = (key: string) => completedElements(h.engine, key).filter((id) => !id.endsWith('-compensation'));
  const handlersRun = (key: string) =>
    completedElements(h.engine, key).filter((id) => ['delete-crm-record', 'deprovision-tenant'].includes(id));

  async function start(variables: OnboardingStartVariables): Promise<string> {
    const { processInstanceKey } = await h.zeebe.createProcessInstance({
      bpmnProcessId: 'customer-onboarding',
      variables,
    });
    return processInstanceKey;
  }

  async function publish(name: string, customerId: string) {
    await h.zeebe.publishMessage({ name, correlationKey: customerId, variables: {}, timeToLive: 60_000 });
  }

  it('onboards a customer once the kickoff call happened', async () => {
    const key = await start(customer('cust-happy'));
    await waitUntilActive(h.engine, key, 'wait-kickoff');
    await publish('kickoff-completed', 'cust-happy');
    await waitForEnd(h.engine, key);

    expect(h.engine.getProcessInstance(key)?.state).toBe('COMPLETED');
    expect(history(key)).toEqual([
      'onboarding-requested',
      'create-crm-record',
      'provision-tenant',
      'send-welcome-email',
      'wait-kickoff',
      'report-analytics',
      'onboarding-completed',
    ]);
    expect(await h.repos.customers.get('cust-happy')).toMatchObject({ status: 'active', processInstanceKey: key });
    expect(await h.repos.tenants.get('cust-happy')).toMatchObject({ status: 'active', slug: 'company-of-cust-happy' });
    expect((await h.repos.outbox.list()).map((m) => [m.topic, m.recipient])).toEqual([
      ['welcome', 'cust-happy@example.com'],
      ['customer-onboarded', null],
    ]);
  });

  it('reminds after 3 days without a kickoff call and keeps waiting for it', async () => {
    const key = await start(customer('cust-slow'));
    await waitUntilActive(h.engine, key, 'wait-kickoff');

    h.engine.clock.advance(2 * DAY);
    expect(elementInstances(h.engine, key).map((e) => e.elementId)).not.toContain('kickoff-reminder-due');

    h.engine.clock.advance(DAY + 1000);
    await waitFor('the reminder to be sent', () => completedElements(h.engine, key).includes('reminder-sent'));
    expect(activeElements(h.engine, key)).toEqual(['wait-kickoff']);
    expect((await h.repos.outbox.list({ topic: 'kickoff-reminder' })).map((m) => m.recipient)).toEqual([
      'cust-slow@example.com',
    ]);

    await publish('kickoff-completed', 'cust-slow');
    await waitForEnd(h.engine, key);
    expect(history(key)).toEqual([
      'onboarding-requested',
      'create-crm-record',
      'provision-tenant',
      'send-welcome-email',
      'kickoff-reminder-due',
      'send-kickoff-reminder',
      'reminder-sent',
      'wait-kickoff',
      'report-analytics',
      'onboarding-completed',
    ]);
    expect(await h.repos.outbox.list({ topic: 'customer-onboarded' })).toHaveLength(1);
  });

  it('a customer who cancels has tenant and CRM record undone, newest first', async () => {
    const key = await start(customer('cust-cancel'));
    await waitUntilActive(h.engine, key, 'wait-kickoff');
    await publish('onboarding-cancelled', 'cust-cancel');
    await waitForEnd(h.engine, key);

    expect(handlersRun(key)).toEqual(['deprovision-tenant', 'delete-crm-record']);
    expect(history(key).slice(-7)).toEqual([
      'cancellation-requested',
      'deprovision-tenant',
      'undo-tenant-on-cancel',
      'delete-crm-record',
      'undo-crm-record-on-cancel',
      'onboarding-cancelled',
      'cancel-onboarding',
    ]);
    expect(history(key)).not.toContain('wait-kickoff');
    expect(history(key)).not.toContain('report-analytics');
    expect((await h.repos.customers.get('cust-cancel'))?.status).toBe('deleted');
    expect((await h.repos.tenants.get('cust-cancel'))?.status).toBe('deprovisioned');
  });

  it('a provisioning failure deletes the CRM record again', async () => {
    await h.repos.tenants.provision('someone-else', 'acme');
    const key = await start(customer('cust-acme', 'ACME'));
    await waitForEnd(h.engine, key);

    expect(history(key)).toEqual([
      'onboarding-requested',
      'create-crm-record',
      'provisioning-failed',
      'delete-crm-record',
      'undo-crm-record',
      'onboarding-failed',
    ]);
    expect((await h.repos.customers.get('cust-acme'))?.status).toBe('deleted');
    expect(await h.repos.tenants.get('cust-acme')).toBeUndefined();
    expect(await h.repos.outbox.list()).toEqual([]);
  });
});
