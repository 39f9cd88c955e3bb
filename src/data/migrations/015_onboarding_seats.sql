-- The seats an onboarding asks for (optional): customer-onboarding has a person approve a tenant of 100 seats
-- or more. Kept with the start so a retry or the start-up repair starts it with the same seats.
ALTER TABLE onboarding_starts ADD COLUMN seats integer;
