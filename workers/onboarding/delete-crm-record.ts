/**
 * delete-crm-record: compensation handler of create-crm-record. Soft-deletes the record, once; with no
 * active record (nothing to undo) it completes without effect.
 */
import { z } from 'zod';
import { createCustomersRepository } from '../../src/data/repositories/customers-repository';
import { CUSTOMER_ONBOARDING, customerId } from '../../src/processes/customer-onboarding';
import { defineWorker } from '../worker-definition';

export const deleteCrmRecord = defineWorker({
  taskType: CUSTOMER_ONBOARDING.taskTypes.deleteCrmRecord,
  inputSchema: z.object({ customerId }),
  createHandler({ db }) {
    const customers = createCustomersRepository(db);
    return async (input, job) => {
      const deleted = await customers.delete(input.customerId);
      job.logger.info(
        { customerId: input.customerId, deleted },
        deleted ? 'CRM record deleted' : 'no CRM record to delete',
      );
      return {};
    };
  },
});
