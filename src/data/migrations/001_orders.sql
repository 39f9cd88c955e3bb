-- Orders as the app knows them. The order-fulfilment process moves status from in_progress to exactly one
-- final state; the row is keyed by the business order id so a second start of the same order finds it.
CREATE TABLE orders (
  id                   text PRIMARY KEY,
  customer_id          text NOT NULL,
  items                jsonb NOT NULL,
  amount_minor         integer NOT NULL CHECK (amount_minor > 0),
  currency             char(3) NOT NULL,
  status               text NOT NULL DEFAULT 'in_progress'
                         CHECK (status IN ('in_progress', 'completed', 'rejected', 'cancelled')),
  status_reason        text,
  process_instance_key text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_status_idx ON orders (status);
