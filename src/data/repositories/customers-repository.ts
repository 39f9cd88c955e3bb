/**
 * The CRM's customer records. Creating is keyed by customer id (a second create returns the record);
 * deleting is a soft delete, and re-onboarding a deleted customer brings the record back.
 */
import type { Queryable } from '../database';
import { type RowOf, rowReader } from './row-reader';

export interface Customer {
  id: string;
  email: string;
  company: string;
  status: 'active' | 'deleted';
  processInstanceKey: string | null;
  createdAt: Date;
  deletedAt: Date | null;
}

export interface NewCustomer {
  id: string;
  email: string;
  company: string;
  processInstanceKey?: string;
}

type CustomerRow = RowOf<Customer>;

const toCustomer = rowReader<Customer>({
  id: true,
  email: true,
  company: true,
  status: true,
  processInstanceKey: true,
  createdAt: true,
  deletedAt: true,
});

export function createCustomersRepository(db: Queryable) {
  return {
    /** Creates the record, or reactivates a deleted one; an active record is returned unchanged. */
    async create(customer: NewCustomer): Promise<{ customer: Customer; created: boolean }> {
      const written = await db.query<CustomerRow>(
        `INSERT INTO customers (id, email, company, status, process_instance_key)
         VALUES ($1, $2, $3, 'active', $4)
         ON CONFLICT (id) DO UPDATE
           SET email = EXCLUDED.email, company = EXCLUDED.company, status = 'active',
               process_instance_key = EXCLUDED.process_instance_key, deleted_at = NULL
           WHERE customers.status = 'deleted'
         RETURNING *`,
        [customer.id, customer.email, customer.company, customer.processInstanceKey ?? null],
      );
      if (written.rows[0]) return { customer: toCustomer(written.rows[0]), created: true };
      const existing = await this.get(customer.id);
      if (!existing) throw new Error(`Customer ${customer.id} vanished while being created`);
      return { customer: existing, created: false };
    },

    async get(id: string): Promise<Customer | undefined> {
      const result = await db.query<CustomerRow>('SELECT * FROM customers WHERE id = $1', [id]);
      return result.rows[0] ? toCustomer(result.rows[0]) : undefined;
    },

    /** Soft-deletes the record; false when there was no active record (nothing to undo). */
    async delete(id: string): Promise<boolean> {
      const result = await db.query(
        `UPDATE customers SET status = 'deleted', deleted_at = now() WHERE id = $1 AND status = 'active'`,
        [id],
      );
      return result.rowCount === 1;
    },
  };
}

export type CustomersRepository = ReturnType<typeof createCustomersRepository>;
