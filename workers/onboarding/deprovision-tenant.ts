/**
 * deprovision-tenant: compensation handler of provision-tenant. Deprovisions the customer's tenant (which
 * frees its name), once; with no active tenant (nothing to undo) it completes without effect.
 */
import { z } from 'zod';
import { createTenantsRepository } from '../../src/data/repositories/tenants-repository';
import { CUSTOMER_ONBOARDING, customerId } from '../../src/processes/customer-onboarding';
import { defineWorker } from '../worker-definition';

export const deprovisionTenant = defineWorker({
  taskType: CUSTOMER_ONBOARDING.taskTypes.deprovisionTenant,
  inputSchema: z.object({ customerId }),
  createHandler({ db }) {
    const tenants = createTenantsRepository(db);
    return async (input, job) => {
      const deprovisioned = await tenants.deprovision(input.customerId);
      job.logger.info(
        { customerId: input.customerId, deprovisioned },
        deprovisioned ? 'tenant deprovisioned' : 'no tenant to deprovision',
      );
      return {};
    };
  },
});
