/**
 * provision-tenant: provisions the customer's tenant, named after the company, keyed by customer id.
 * A name already held by another customer's active tenant → BPMN error PROVISIONING_FAILED (the CRM record
 * is compensated).
 */
import { z } from 'zod';
import { createTenantsRepository } from '../../src/data/repositories/tenants-repository';
import { BpmnError, defineWorker, elementKey, type JobHandler, type WorkerDeps } from '../worker-definition';
import { company, customerId, slugFor, tenantSlug } from './onboarding-variables';

export const taskType = 'provision-tenant';
export const inputSchema = z.object({ customerId, company });
export const outputSchema = z.object({ tenantSlug });
export const bpmnErrors = ['PROVISIONING_FAILED'] as const;

export function createProvisionTenantWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const tenants = createTenantsRepository(db);
  return async (input, job) => {
    const result = await tenants.provision(input.customerId, slugFor(input.company), elementKey(job));
    if (result.status === 'slug-taken') {
      throw new BpmnError('PROVISIONING_FAILED', `tenant name "${result.slug}" is already taken by another customer`);
    }
    job.logger.info(
      { tenantSlug: result.tenant.slug, alreadyProvisioned: result.alreadyProvisioned },
      'tenant provisioned',
    );
    return { tenantSlug: result.tenant.slug };
  };
}

export const provisionTenant = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createProvisionTenantWorker,
});
