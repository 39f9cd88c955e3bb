-- An order with the caller's own id is written before its process starts, so a second request with that id
-- finds it. start_claimed_at is when a request (or the start-up repair) began starting it: an order in
-- progress without a process instance whose claim is recent is being started; one whose claim is old (or
-- absent: rows from before this column) was cut off between the write and the start, and is started again by
-- a retry with the same content or at start-up. Attaching the instance clears the claim.
ALTER TABLE orders ADD COLUMN start_claimed_at timestamptz;

CREATE INDEX orders_unstarted_idx ON orders (created_at) WHERE process_instance_key IS NULL;
