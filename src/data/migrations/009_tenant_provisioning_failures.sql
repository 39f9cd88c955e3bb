-- Like 007 for onboarding: a tenant name found taken is remembered, so a redelivered provision-tenant job
-- answers PROVISIONING_FAILED again even after the name was freed, instead of provisioning a tenant whose
-- onboarding already failed (and that nothing would deprovision). Keyed by the deciding job's process
-- instance and element, not by customer: the same customer may onboard again later.
CREATE TABLE tenant_provisioning_failures (
  decision_key text PRIMARY KEY,
  customer_id  text NOT NULL,
  slug         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
