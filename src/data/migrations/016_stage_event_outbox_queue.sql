-- Stage events (012): what is still to publish moves out of stage_events into a narrow queue the publisher
-- deletes from, and when each was published into a narrow table of its own. Marking a batch published
-- used to update the wide stage_events rows, and as published_at was in the partial index's predicate that
-- update could never be HOT: every index got new entries for every event. stage_events is now written once.
-- GET /api/events shows publishedAt from stage_event_publications, as before.
CREATE TABLE stage_events_pending (
  seq bigint PRIMARY KEY
);

CREATE TABLE stage_event_publications (
  seq          bigint PRIMARY KEY,
  published_at timestamptz NOT NULL
);

INSERT INTO stage_events_pending (seq) SELECT seq FROM stage_events WHERE published_at IS NULL;
INSERT INTO stage_event_publications (seq, published_at)
  SELECT seq, published_at FROM stage_events WHERE published_at IS NOT NULL;

DROP INDEX stage_events_unpublished_idx;
ALTER TABLE stage_events DROP COLUMN published_at;

-- Every event written is queued, however it was written (the triggers of 012, or a plain INSERT).
CREATE FUNCTION baton_stage_events_queue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stage_events_pending (seq) SELECT seq FROM added;
  RETURN NULL;
END
$$;
CREATE TRIGGER stage_events_queue AFTER INSERT ON stage_events
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION baton_stage_events_queue();

-- Emptying the log empties its queue and its publications too (no foreign key: it would cost every insert).
CREATE FUNCTION baton_stage_events_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE stage_events_pending, stage_event_publications;
  RETURN NULL;
END
$$;
CREATE TRIGGER stage_events_truncated AFTER TRUNCATE ON stage_events
  FOR EACH STATEMENT EXECUTE FUNCTION baton_stage_events_truncated();
