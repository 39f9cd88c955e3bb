-- Carriers with their free pickup slots, and shipments: one per order. A cancelled row without a carrier is
-- a tombstone that stops a late (timed-out) shipment booking from going through.
CREATE TABLE carriers (
  code       text PRIMARY KEY,
  name       text NOT NULL,
  free_slots integer NOT NULL CHECK (free_slots >= 0)
);

CREATE TABLE shipments (
  order_id        text PRIMARY KEY,
  status          text NOT NULL CHECK (status IN ('created', 'cancelled')),
  carrier_code    text REFERENCES carriers (code),
  tracking_number text UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  cancelled_at    timestamptz
);
