-- An onboarding is reported started when its start is claimed, as an order is placed when its row is written
-- (012 reported it when the instance key was recorded, which on a lagging cluster can come after the first
-- worker's stage, so a subject's events were out of the order they happened). A refused start is reported
-- cancelled; claiming it again, or a new onboarding in place of an ended one, is reported started again.
CREATE OR REPLACE FUNCTION baton_onboarding_starts_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
     OR (OLD.start_failure IS NOT NULL AND NEW.start_failure IS NULL)
     OR (OLD.process_instance_key IS NOT NULL AND NEW.process_instance_key IS NULL) THEN
    PERFORM baton_onboarding_event('onboarding.started', NEW.customer_id);
  ELSIF OLD.start_failure IS NULL AND NEW.start_failure IS NOT NULL THEN
    PERFORM baton_onboarding_event('onboarding.cancelled', NEW.customer_id);
  END IF;
  RETURN NULL;
END
$$;
DROP TRIGGER onboarding_starts_stage_events ON onboarding_starts;
CREATE TRIGGER onboarding_starts_stage_events AFTER INSERT OR UPDATE OF process_instance_key, start_failure
  ON onboarding_starts FOR EACH ROW EXECUTE FUNCTION baton_onboarding_starts_stage_events();
