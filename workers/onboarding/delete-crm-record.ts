/**
 * delete-crm-record: compensation handler of create-crm-record. Soft-deletes the record, once; with no
 * active record (nothing to undo) it completes without effect.
 */
import { z } from 'zod';
import { createCustomersRepository } from '../../src/data/repositories/customers-repository';
import { defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { customerId } from './onboarding-variables';

export const taskType = 'delete-crm-record';
export const inputSchema = z.object({ customerId });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createDeleteCrmRecordWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
  const customers = createCustomersRepository(db);
  return async (input, job) => {
    const deleted = await customers.delete(input.customerId);
    job.logger.info(
      { customerId: input.customerId, deleted },
      deleted ? 'CRM record deleted' : 'no CRM record to delete',
    );
    return {};
  };
}

export const deleteCrmRecord = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createDeleteCrmRecordWorker,
});
