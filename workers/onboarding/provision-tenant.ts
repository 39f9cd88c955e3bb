/**
 * provision-tenant: provisions the customer's tenant, named after the company, keyed by customer id.
 * A name already held by another customer's active tenant → BPMN error PROVISIONING_FAILED (the CRM record
 * is compensated).
 */
import { z } from 'zod';
import { createTenantsRepository } from '../../src/data/repositories/tenants-repository';
import { CUSTOMER_ONBOARDING, company, customerId, tenantSlug } from '../../src/processes/customer-onboarding';
import { BpmnError, defineWorker, elementKey } from '../worker-definition';
import { slugFor } from './tenant-slug';

const { provisioningFailed } = CUSTOMER_ONBOARDING.errorCodes;

export const provisionTenant = defineWorker({
  taskType: CUSTOMER_ONBOARDING.taskTypes.provisionTenant,
  inputSchema: z.object({ customerId, company }),
  outputSchema: z.object({ tenantSlug }),
  bpmnErrors: [provisioningFailed],
  createHandler({ db }) {
    const tenants = createTenantsRepository(db);
    return async (input, job) => {
      const result = await tenants.provision(input.customerId, slugFor(input.company), elementKey(job));
      if (result.status === 'slug-taken') {
        throw new BpmnError(provisioningFailed, `tenant name "${result.slug}" is already taken by another customer`);
      }
      job.logger.info(
        { tenantSlug: result.tenant.slug, alreadyProvisioned: result.alreadyProvisioned },
        'tenant provisioned',
      );
      return { tenantSlug: result.tenant.slug };
    };
  },
});
