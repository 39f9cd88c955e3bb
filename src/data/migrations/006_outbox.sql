-- Transactional outbox: emails, ops alerts and analytics events are written here by the workers (keyed so a
-- redelivered job writes once) and delivered by a relay, so a failing mail server never undoes an order.
CREATE TABLE outbox (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  channel         text NOT NULL CHECK (channel IN ('email', 'ops', 'analytics')),
  topic           text NOT NULL,
  recipient       text,
  payload         jsonb NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
  attempts        integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);

CREATE INDEX outbox_pending_idx ON outbox (id) WHERE status = 'pending';
