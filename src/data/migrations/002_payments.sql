-- Customers' payment accounts (what the simulated payment provider authorises against) and the payments
-- ledger: one charge and at most one refund per order, each with an idempotency key so a redelivered job
-- cannot move money twice.
CREATE TABLE payment_accounts (
  customer_id   text NOT NULL,
  currency      char(3) NOT NULL,
  balance_minor integer NOT NULL CHECK (balance_minor >= 0),
  PRIMARY KEY (customer_id, currency)
);

CREATE TABLE payments (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  order_id        text NOT NULL,
  customer_id     text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('charge', 'refund')),
  amount_minor    integer NOT NULL CHECK (amount_minor > 0),
  currency        char(3) NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX payments_one_charge_per_order ON payments (order_id) WHERE kind = 'charge';
CREATE UNIQUE INDEX payments_one_refund_per_order ON payments (order_id) WHERE kind = 'refund';
