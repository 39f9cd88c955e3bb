-- Stock levels and reservations. `available` can never go negative (CHECK), and reservations take stock
-- with conditional updates, so concurrent orders cannot oversell.
CREATE TABLE inventory (
  sku        text PRIMARY KEY,
  available  integer NOT NULL CHECK (available >= 0),
  reserved   integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reservations (
  order_id    text PRIMARY KEY,
  status      text NOT NULL CHECK (status IN ('reserved', 'released')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);

CREATE TABLE reservation_lines (
  order_id text NOT NULL REFERENCES reservations (order_id),
  sku      text NOT NULL REFERENCES inventory (sku),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, sku)
);
