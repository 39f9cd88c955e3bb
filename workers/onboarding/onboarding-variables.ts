/**
 * zod schemas of the customer-onboarding process variables, shared by its workers.
 * Start variables: customerId, email, company.
 */
import { z } from 'zod';

export const customerId = z.string().min(1, 'must not be empty').max(100);
export const email = z.email('must be an email address');
export const company = z.string().trim().min(1, 'must not be empty').max(200);
export const tenantSlug = z.string().min(1);

export const onboardingStartVariables = z.object({ customerId, email, company });
export type OnboardingStartVariables = z.infer<typeof onboardingStartVariables>;

/** The tenant name derived from the company: "ACME Corp." → "acme-corp". */
export function slugFor(companyName: string): string {
  return (
    companyName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'tenant'
  );
}
