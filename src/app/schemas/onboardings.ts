/**
 * Onboardings: the customer-onboarding start variables and the customer id in message endpoints.
 */
import { z } from 'zod';
import { company, customerId, email, seats } from '../../processes/customer-onboarding';
import { zeebeKey } from './common';

export const StartOnboardingRequestSchema = z
  .strictObject({
    customerId,
    email,
    company,
    seats: seats.optional().meta({
      description: "the tenant's seats; from 100 on, a person approves the tenant before it is provisioned",
    }),
  })
  .meta({
    id: 'StartOnboardingRequest',
  });

export const OnboardingStartedSchema = z
  .object({ customerId: z.string(), processInstanceKey: zeebeKey })
  .meta({ id: 'OnboardingStarted' });

export const CustomerIdParamsSchema = z.strictObject({ customerId });

/** The message endpoints take no fields; an empty object or no body at all. */
export const EmptyBodySchema = z.strictObject({});
