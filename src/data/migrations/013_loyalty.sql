-- The loyalty service's own tables (src/loyalty/): it learns about orders only from order.completed events.
-- loyalty_credits holds one row per event it credited, so a redelivered event (same id) credits nothing.
CREATE TABLE loyalty_accounts (
  customer_id text PRIMARY KEY,
  points      bigint NOT NULL DEFAULT 0 CHECK (points >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE loyalty_credits (
  event_id    text PRIMARY KEY,
  customer_id text NOT NULL,
  points      bigint NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
