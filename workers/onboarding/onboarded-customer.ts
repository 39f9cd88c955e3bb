/** What the welcome email and the analytics event say about the customer whose onboarding they report. */
export function onboardedCustomer(input: { customerId: string; company: string; tenantSlug: string }) {
  return { customerId: input.customerId, company: input.company, tenantSlug: input.tenantSlug };
}
