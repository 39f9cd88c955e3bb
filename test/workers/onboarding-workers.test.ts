/**
 * The customer-onboarding workers' handlers, called directly against a real (in-memory PGlite) database.
 */
import { createRepositories, type Repositories } from '../../src/data';
import type { Database } from '../../src/data/database';
import { createCrmRecord } from '../../workers/onboarding/create-crm-record';
import { deleteCrmRecord } from '../../workers/onboarding/delete-crm-record';
import { deprovisionTenant } from '../../workers/onboarding/deprovision-tenant';
import { provisionTenant } from '../../workers/onboarding/provision-tenant';
import { reportAnalytics } from '../../workers/onboarding/report-analytics';
import { sendKickoffReminder } from '../../workers/onboarding/send-kickoff-reminder';
import { sendWelcomeEmail } from '../../workers/onboarding/send-welcome-email';
import { slugFor } from '../../workers/onboarding/tenant-slug';
import { BpmnError } from '../../workers/worker-definition';
import { clearAllData, openTestDatabase } from '../data/test-database';
import { jobContext, silentLogger } from './job-context';

describe('customer-onboarding workers', () => {
  let db: Database;
  let repos: Repositories;
  const deps = () => ({ db, logger: silentLogger });
  const ada = { customerId: 'customer-1', email: 'ada@example.com', company: 'Analytical Engines Ltd.' };

  beforeAll(async () => {
    db = await openTestDatabase();
    repos = createRepositories(db);
  });
  afterAll(() => db.close());
  beforeEach(() => clearAllData(db));

  it('creates the CRM record once and deletes it once (nothing to delete is fine)', async () => {
    const create = createCrmRecord.createHandler(deps());
    const remove = deleteCrmRecord.createHandler(deps());
    await expect(remove({ customerId: ada.customerId }, jobContext())).resolves.toEqual({});
    await create(ada, jobContext({ processInstanceKey: '500' }));
    await create(ada, jobContext({ processInstanceKey: '500' }));
    expect(await repos.customers.get('customer-1')).toMatchObject({ status: 'active', processInstanceKey: '500' });
    await remove({ customerId: ada.customerId }, jobContext());
    await remove({ customerId: ada.customerId }, jobContext());
    expect((await repos.customers.get('customer-1'))?.status).toBe('deleted');
  });

  it('provisions a tenant named after the company, once', async () => {
    const provision = provisionTenant.createHandler(deps());
    expect(await provision(ada, jobContext())).toEqual({ tenantSlug: 'analytical-engines-ltd' });
    expect(await provision(ada, jobContext())).toEqual({ tenantSlug: 'analytical-engines-ltd' });
    expect(await repos.tenants.get('customer-1')).toMatchObject({ status: 'active', slug: 'analytical-engines-ltd' });
  });

  it('throws PROVISIONING_FAILED when another customer holds the name', async () => {
    const provision = provisionTenant.createHandler(deps());
    await provision({ customerId: 'customer-0', company: 'Analytical Engines Ltd' }, jobContext());
    const error = await provision(ada, jobContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BpmnError);
    expect(error).toMatchObject({
      code: 'PROVISIONING_FAILED',
      message: 'tenant name "analytical-engines-ltd" is already taken by another customer',
    });
    expect(await repos.tenants.get('customer-1')).toBeUndefined();
  });

  it('deprovisions once, and tolerates nothing to deprovision', async () => {
    const deprovision = deprovisionTenant.createHandler(deps());
    await expect(deprovision({ customerId: 'customer-1' }, jobContext())).resolves.toEqual({});
    await provisionTenant.createHandler(deps())(ada, jobContext());
    await deprovision({ customerId: 'customer-1' }, jobContext());
    await deprovision({ customerId: 'customer-1' }, jobContext());
    expect((await repos.tenants.get('customer-1'))?.status).toBe('deprovisioned');
  });

  it('queues one welcome email per process instance', async () => {
    const send = sendWelcomeEmail.createHandler(deps());
    const job = jobContext({ processInstanceKey: '600', elementId: 'send-welcome-email' });
    const first = await send({ ...ada, tenantSlug: 'ae' }, job);
    expect(await send({ ...ada, tenantSlug: 'ae' }, job)).toEqual(first);
    await send(
      { ...ada, tenantSlug: 'ae' },
      jobContext({ processInstanceKey: '601', elementId: 'send-welcome-email' }),
    );
    expect((await repos.outbox.list({ topic: 'welcome' })).map((m) => [m.idempotencyKey, m.recipient])).toEqual([
      ['600:send-welcome-email', 'ada@example.com'],
      ['601:send-welcome-email', 'ada@example.com'],
    ]);
  });

  it('queues one reminder per reminder element instance', async () => {
    const remind = sendKickoffReminder.createHandler(deps());
    const firstFiring = jobContext({ processInstanceKey: '700', elementInstanceKey: '701' });
    await remind(ada, firstFiring);
    await remind(ada, firstFiring);
    await remind(ada, jobContext({ processInstanceKey: '700', elementInstanceKey: '702' }));
    expect((await repos.outbox.list({ topic: 'kickoff-reminder' })).map((m) => m.idempotencyKey)).toEqual([
      '700:701',
      '700:702',
    ]);
  });

  it('reports the onboarding to analytics once', async () => {
    const report = reportAnalytics.createHandler(deps());
    const job = jobContext({ processInstanceKey: '800', elementId: 'report-analytics' });
    await report({ ...ada, tenantSlug: 'ae' }, job);
    await report({ ...ada, tenantSlug: 'ae' }, job);
    expect(await repos.outbox.list({ topic: 'customer-onboarded' })).toEqual([
      expect.objectContaining({
        channel: 'analytics',
        payload: { customerId: 'customer-1', company: ada.company, tenantSlug: 'ae' },
      }),
    ]);
  });

  it('derives tenant names from company names', () => {
    expect(slugFor('  Société Générale & Co. ')).toBe('societe-generale-co');
    expect(slugFor('!!!')).toBe('tenant');
  });
});
