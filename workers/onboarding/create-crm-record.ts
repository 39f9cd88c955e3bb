/**
 * create-crm-record: creates the customer's CRM record, keyed by customer id (a redelivered job finds it).
 */
import { z } from 'zod';
import { createCustomersRepository } from '../../src/data/repositories/customers-repository';
import { CUSTOMER_ONBOARDING, company, customerId, email } from '../../src/processes/customer-onboarding';
import { defineWorker } from '../worker-definition';

export const createCrmRecord = defineWorker({
  taskType: CUSTOMER_ONBOARDING.taskTypes.createCrmRecord,
  inputSchema: z.object({ customerId, email, company }),
  createHandler({ db }) {
    const customers = createCustomersRepository(db);
    return async (input, job) => {
      const { created } = await customers.create({
        id: input.customerId,
        email: input.email,
        company: input.company,
        processInstanceKey: job.processInstanceKey,
      });
      job.logger.info({ customerId: input.customerId, created }, 'CRM record created');
      return {};
    };
  },
});
