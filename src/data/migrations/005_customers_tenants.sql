-- The CRM's customer records and the tenants provisioned for them during onboarding. A tenant's slug is
-- unique among active tenants only, so deprovisioning frees the name.
CREATE TABLE customers (
  id                   text PRIMARY KEY,
  email                text NOT NULL,
  company              text NOT NULL,
  status               text NOT NULL CHECK (status IN ('active', 'deleted')),
  process_instance_key text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  deleted_at           timestamptz
);

CREATE TABLE tenants (
  customer_id      text PRIMARY KEY,
  slug             text NOT NULL,
  status           text NOT NULL CHECK (status IN ('active', 'deprovisioned')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  deprovisioned_at timestamptz
);

CREATE UNIQUE INDEX tenants_active_slug ON tenants (slug) WHERE status = 'active';
