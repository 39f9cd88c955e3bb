/**
 * deprovision-tenant: compensation handler of provision-tenant. Deprovisions the customer's tenant (which
 * frees its name), once; with no active tenant (nothing to undo) it completes without effect.
 */
import { z } from 'zod';
import { createTenantsRepository } from '../../src/data/repositories/tenants-repository';
import { defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { customerId } from './onboarding-variables';

export const taskType = 'deprovision-tenant';
export const inputSchema = z.object({ customerId });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createDeprovisionTenantWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const tenants = createTenantsRepository(db);
  return async (input, job) => {
    const deprovisioned = await tenants.deprovision(input.customerId);
    job.logger.info(
      { customerId: input.customerId, deprovisioned },
      deprovisioned ? 'tenant deprovisioned' : 'no tenant to deprovision',
    );
    return {};
  };
}

export const deprovisionTenant = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createDeprovisionTenantWorker,
});
