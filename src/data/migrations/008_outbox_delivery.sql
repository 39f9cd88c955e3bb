-- What the outbox relay (src/app/outbox/) needs to deliver with retries: a message a relay is working on is
-- claimed for a while (claimed_until) instead of being locked in an open transaction, so no database lock is
-- held during an HTTP call; a failed attempt is retried at next_attempt_at with backoff and its error kept in
-- last_error; after the last attempt the message is 'failed' (visible in GET /api/outbox?status=failed).
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
ALTER TABLE outbox ADD COLUMN last_error text;
ALTER TABLE outbox ADD COLUMN failed_at timestamptz;

DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status = 'pending';
