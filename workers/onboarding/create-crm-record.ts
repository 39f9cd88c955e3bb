/**
 * create-crm-record: creates the customer's CRM record, keyed by customer id (a redelivered job finds it).
 */
import { z } from 'zod';
import { createCustomersRepository } from '../../src/data/repositories/customers-repository';
import { defineWorker, type JobHandler, type WorkerDeps } from '../worker-definition';
import { company, customerId, email } from './onboarding-variables';

export const taskType = 'create-crm-record';
export const inputSchema = z.object({ customerId, email, company });
export const outputSchema = z.object({});
export const bpmnErrors = [] as const;

export function createCreateCrmRecordWorker({
  db,
}: WorkerDeps): JobHandler<z.infer<typeof inputSchema>, z.infer<typeof outputSchema>> {
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
}

export const createCrmRecord = defineWorker({
  taskType,
  inputSchema,
  outputSchema,
  bpmnErrors,
  create: createCreateCrmRecordWorker,
});
