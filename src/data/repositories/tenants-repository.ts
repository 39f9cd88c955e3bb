/**
 * Tenants provisioned for customers: one per customer, named by a slug that must be unique among active
 * tenants. Provisioning is keyed by customer id; a slug held by another customer is a business failure,
 * remembered per decision key (tenant_provisioning_failures) when the caller gives one.
 */
import { type Database, isUniqueViolation, LOCK_SCOPE, lockForTransaction, type Queryable } from '../database';
import { type RowOf, rowReader } from './row-reader';

export interface Tenant {
  customerId: string;
  slug: string;
  status: 'active' | 'deprovisioned';
  createdAt: Date;
  deprovisionedAt: Date | null;
}

export type ProvisionResult =
  | { status: 'provisioned'; tenant: Tenant; alreadyProvisioned: boolean }
  | { status: 'slug-taken'; slug: string };

type TenantRow = RowOf<Tenant>;

const toTenant = rowReader<Tenant>({
  customerId: true,
  slug: true,
  status: true,
  createdAt: true,
  deprovisionedAt: true,
});

async function findTenant(q: Queryable, customerId: string): Promise<Tenant | undefined> {
  const result = await q.query<TenantRow>('SELECT * FROM tenants WHERE customer_id = $1', [customerId]);
  return result.rows[0] ? toTenant(result.rows[0]) : undefined;
}

async function provisionOnce(q: Queryable, customerId: string, slug: string): Promise<ProvisionResult> {
  try {
    const written = await q.query<TenantRow>(
      `INSERT INTO tenants (customer_id, slug, status) VALUES ($1, $2, 'active')
       ON CONFLICT (customer_id) DO UPDATE
         SET slug = EXCLUDED.slug, status = 'active', created_at = now(), deprovisioned_at = NULL
         WHERE tenants.status = 'deprovisioned'
       RETURNING *`,
      [customerId, slug],
    );
    if (written.rows[0]) return { status: 'provisioned', tenant: toTenant(written.rows[0]), alreadyProvisioned: false };
  } catch (error) {
    if (isUniqueViolation(error, 'tenants_active_slug')) return { status: 'slug-taken', slug };
    throw error;
  }
  const existing = await findTenant(q, customerId);
  if (!existing) throw new Error(`Tenant of customer ${customerId} vanished while being provisioned`);
  return { status: 'provisioned', tenant: existing, alreadyProvisioned: true };
}

export function createTenantsRepository(db: Database) {
  return {
    /**
     * Provisions the customer's tenant under `slug`, once. With a `decisionKey` (the job's process instance
     * and element) a "slug taken" answer is remembered, so asking again for that key answers the same even
     * after the name was freed: a late redelivery cannot provision a tenant whose onboarding already failed.
     */
    async provision(customerId: string, slug: string, decisionKey?: string): Promise<ProvisionResult> {
      if (!decisionKey) return provisionOnce(db, customerId, slug);
      return db.transaction(async (tx): Promise<ProvisionResult> => {
        await lockForTransaction(db, tx, LOCK_SCOPE.tenant, decisionKey);
        const failed = await tx.query<{ slug: string }>(
          'SELECT slug FROM tenant_provisioning_failures WHERE decision_key = $1',
          [decisionKey],
        );
        if (failed.rows[0]) return { status: 'slug-taken', slug: failed.rows[0].slug };
        // A unique violation aborts the transaction; the savepoint keeps it usable to record the answer.
        await tx.query('SAVEPOINT provision');
        const result = await provisionOnce(tx, customerId, slug);
        if (result.status === 'slug-taken') {
          await tx.query('ROLLBACK TO SAVEPOINT provision');
          await tx.query(
            'INSERT INTO tenant_provisioning_failures (decision_key, customer_id, slug) VALUES ($1, $2, $3)',
            [decisionKey, customerId, slug],
          );
        }
        return result;
      });
    },

    get: (customerId: string): Promise<Tenant | undefined> => findTenant(db, customerId),

    /** Deprovisions the customer's tenant; false when there was no active tenant (nothing to undo). */
    async deprovision(customerId: string): Promise<boolean> {
      const result = await db.query(
        `UPDATE tenants SET status = 'deprovisioned', deprovisioned_at = now()
         WHERE customer_id = $1 AND status = 'active'`,
        [customerId],
      );
      return result.rowCount === 1;
    },
  };
}

export type TenantsRepository = ReturnType<typeof createTenantsRepository>;
