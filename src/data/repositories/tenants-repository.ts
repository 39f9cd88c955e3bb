/**
 * Tenants provisioned for customers: one per customer, named by a slug that must be unique among active
 * tenants. Provisioning is keyed by customer id; a slug held by another customer is a business failure.
 */
import { isUniqueViolation, type Queryable } from '../database';

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

interface TenantRow {
  customer_id: string;
  slug: string;
  status: 'active' | 'deprovisioned';
  created_at: Date;
  deprovisioned_at: Date | null;
}

function toTenant(row: TenantRow): Tenant {
  return {
    customerId: row.customer_id,
    slug: row.slug,
    status: row.status,
    createdAt: row.created_at,
    deprovisionedAt: row.deprovisioned_at,
  };
}

export function createTenantsRepository(db: Queryable) {
  return {
    async provision(customerId: string, slug: string): Promise<ProvisionResult> {
      try {
        const written = await db.query<TenantRow>(
          `INSERT INTO tenants (customer_id, slug, status) VALUES ($1, $2, 'active')
           ON CONFLICT (customer_id) DO UPDATE
             SET slug = EXCLUDED.slug, status = 'active', created_at = now(), deprovisioned_at = NULL
             WHERE tenants.status = 'deprovisioned'
           RETURNING *`,
          [customerId, slug],
        );
        if (written.rows[0])
          return { status: 'provisioned', tenant: toTenant(written.rows[0]), alreadyProvisioned: false };
      } catch (error) {
        if (isUniqueViolation(error, 'tenants_active_slug')) return { status: 'slug-taken', slug };
        throw error;
      }
      const existing = await this.get(customerId);
      if (!existing) throw new Error(`Tenant of customer ${customerId} vanished while being provisioned`);
      return { status: 'provisioned', tenant: existing, alreadyProvisioned: true };
    },

    async get(customerId: string): Promise<Tenant | undefined> {
      const result = await db.query<TenantRow>('SELECT * FROM tenants WHERE customer_id = $1', [customerId]);
      return result.rows[0] ? toTenant(result.rows[0]) : undefined;
    },

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
