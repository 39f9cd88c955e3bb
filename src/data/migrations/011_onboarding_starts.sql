-- The API's record of starting customer-onboarding for a customer, as orders have for order-fulfilment
-- (010): written (claimed) before the start and given the instance key after it, so a start cut off between
-- the two is finished by a retry or at start-up, a second request starts no second onboarding while the
-- first is being started or runs, and a refused start (start_failure) can be tried again.
CREATE TABLE onboarding_starts (
  customer_id          text PRIMARY KEY,
  email                text NOT NULL,
  company              text NOT NULL,
  process_instance_key text,
  start_claimed_at     timestamptz,
  start_failure        text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX onboarding_starts_unstarted_idx ON onboarding_starts (created_at) WHERE process_instance_key IS NULL;
