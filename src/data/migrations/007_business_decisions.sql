-- A business "no" (payment declined, out of stock, no carrier) is remembered per order like a "yes", so a job
-- delivered twice gets the same answer twice, even when money, stock or a pickup slot turned up in between:
-- otherwise the late delivery could take what the first one's BPMN error already gave up, and nothing would
-- ever compensate it.
CREATE TABLE payment_declines (
  order_id   text PRIMARY KEY,
  reason     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE reservations
  ADD CONSTRAINT reservations_status_check CHECK (status IN ('reserved', 'released', 'rejected'));
-- What was short when the reservation was rejected: [{ sku, requested, available }].
ALTER TABLE reservations ADD COLUMN shortages jsonb;

CREATE TABLE shipment_failures (
  order_id   text PRIMARY KEY,
  reason     text NOT NULL CHECK (reason IN ('no-capacity')),
  created_at timestamptz NOT NULL DEFAULT now()
);
