/**
 * The customer-onboarding process (bpmn/customer-onboarding.bpmn) as routes, workers and tests name it: its id,
 * the task types its workers serve, the messages the API publishes into it (both correlated by customerId), the
 * BPMN error codes thrown in it, and zod schemas of its variables. The model is the contract;
 * test/processes/process-contracts.test.ts checks every name here against it.
 */
import { z } from 'zod';

export const CUSTOMER_ONBOARDING = {
  processId: 'customer-onboarding',
  taskTypes: {
    createCrmRecord: 'create-crm-record',
    provisionTenant: 'provision-tenant',
    sendWelcomeEmail: 'send-welcome-email',
    sendKickoffReminder: 'send-kickoff-reminder',
    reportAnalytics: 'report-analytics',
    deleteCrmRecord: 'delete-crm-record',
    deprovisionTenant: 'deprovision-tenant',
  },
  messages: {
    /** the kickoff call took place: the onboarding completes */
    kickoffCompleted: 'kickoff-completed',
    /** the customer cancelled: completed steps are compensated */
    onboardingCancelled: 'onboarding-cancelled',
  },
  errorCodes: {
    /** caught on provision-tenant: the CRM record is compensated */
    provisioningFailed: 'PROVISIONING_FAILED',
  },
} as const;

export const customerId = z.string().min(1, 'must not be empty').max(100);
export const email = z.email('must be an email address');
export const company = z.string().trim().min(1, 'must not be empty').max(200);
export const tenantSlug = z.string().min(1);

/** The tenant's seats; from LARGE_TENANT_SEATS on, a person approves the tenant (user task approve-large-tenant). */
export const seats = z
  .number()
  .int('must be a whole number')
  .positive('must be greater than 0')
  .max(1_000_000, 'must be at most 1000000');
/** Mirrors the model's condition on flow to-approve-large-tenant (`seats >= 100`). */
export const LARGE_TENANT_SEATS = 100;

/** What starts an instance: the customer as the API accepted them. */
export const onboardingStartVariables = z.object({ customerId, email, company, seats: seats.optional() });
export type OnboardingStartVariables = z.infer<typeof onboardingStartVariables>;
