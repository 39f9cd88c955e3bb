import type { Database } from '../../src/data/database';
import { createCustomersRepository } from '../../src/data/repositories/customers-repository';
import { createTenantsRepository } from '../../src/data/repositories/tenants-repository';
import { clearAllData, openTestDatabase } from './test-database';

describe('customers and tenants repositories', () => {
  let db: Database;
  let customers: ReturnType<typeof createCustomersRepository>;
  let tenants: ReturnType<typeof createTenantsRepository>;
  const ada = { id: 'customer-1', email: 'ada@example.com', company: 'Analytical Engines' };

  beforeAll(async () => {
    db = await openTestDatabase();
    customers = createCustomersRepository(db);
    tenants = createTenantsRepository(db);
  });
  afterAll(() => db.close());
  beforeEach(() => clearAllData(db));

  it('creates a customer record once', async () => {
    expect(await customers.create(ada)).toMatchObject({ created: true, customer: { ...ada, status: 'active' } });
    expect(await customers.create({ ...ada, email: 'other@example.com' })).toMatchObject({
      created: false,
      customer: { email: 'ada@example.com' },
    });
  });

  it('soft-deletes once, and a new onboarding reactivates the record', async () => {
    expect(await customers.delete(ada.id)).toBe(false);
    await customers.create(ada);
    expect(await customers.delete(ada.id)).toBe(true);
    expect(await customers.delete(ada.id)).toBe(false);
    expect((await customers.get(ada.id))?.status).toBe('deleted');
    expect(await customers.create({ ...ada, email: 'new@example.com' })).toMatchObject({
      created: true,
      customer: { status: 'active', email: 'new@example.com', deletedAt: null },
    });
  });

  it('provisions one tenant per customer, refusing a slug another customer holds', async () => {
    expect(await tenants.provision('customer-1', 'acme')).toMatchObject({
      status: 'provisioned',
      alreadyProvisioned: false,
      tenant: { slug: 'acme', status: 'active' },
    });
    expect(await tenants.provision('customer-1', 'acme')).toMatchObject({
      status: 'provisioned',
      alreadyProvisioned: true,
    });
    expect(await tenants.provision('customer-2', 'acme')).toEqual({ status: 'slug-taken', slug: 'acme' });
    expect(await tenants.get('customer-2')).toBeUndefined();
  });

  it('deprovisions once and frees the slug for others', async () => {
    expect(await tenants.deprovision('customer-1')).toBe(false);
    await tenants.provision('customer-1', 'acme');
    expect(await tenants.deprovision('customer-1')).toBe(true);
    expect(await tenants.deprovision('customer-1')).toBe(false);
    expect(await tenants.provision('customer-2', 'acme')).toMatchObject({ status: 'provisioned' });
    expect(await tenants.provision('customer-1', 'acme')).toEqual({ status: 'slug-taken', slug: 'acme' });
    expect(await tenants.provision('customer-1', 'acme-2')).toMatchObject({
      status: 'provisioned',
      alreadyProvisioned: false,
      tenant: { slug: 'acme-2', status: 'active' },
    });
  });

  it('remembers a taken name per decision key, even after the name was freed; a new key tries again', async () => {
    await tenants.provision('customer-2', 'acme');
    expect(await tenants.provision('customer-1', 'acme', 'pi-1:provision-tenant')).toEqual({
      status: 'slug-taken',
      slug: 'acme',
    });
    await tenants.deprovision('customer-2');
    expect(await tenants.provision('customer-1', 'acme', 'pi-1:provision-tenant')).toEqual({
      status: 'slug-taken',
      slug: 'acme',
    });
    expect(await tenants.get('customer-1')).toBeUndefined();
    expect(await tenants.provision('customer-1', 'acme', 'pi-2:provision-tenant')).toMatchObject({
      status: 'provisioned',
      tenant: { slug: 'acme' },
    });
  });
});
