-- Stage events (issue 24): what happened to an order or an onboarding, written by triggers on the tables
-- whose change it reports, so an event is in the same transaction as its change by construction (a change
-- that rolls back leaves no event) and no repository has to remember to write one. The table is both the
-- events' outbox (published_at is set once the bus confirmed the event, see src/events/) and their log
-- (GET /api/events). seq gives the order events happened in; id is the CloudEvent id, the same on every
-- redelivery.
CREATE TABLE stage_events (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text NOT NULL UNIQUE DEFAULT gen_random_uuid()::text,
  source       text NOT NULL,
  type         text NOT NULL,
  subject      text NOT NULL,
  time         timestamptz NOT NULL DEFAULT now(),
  data         jsonb NOT NULL,
  published_at timestamptz,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text
);

CREATE INDEX stage_events_unpublished_idx ON stage_events (seq) WHERE published_at IS NULL;
CREATE INDEX stage_events_subject_idx ON stage_events (subject, seq);
CREATE INDEX stage_events_type_idx ON stage_events (type, seq);

-- Which app instance publishes (on PostgreSQL several may run): one holds the lease and renews it, so events
-- leave in seq order from one publisher; another takes over once the lease lapsed.
CREATE TABLE stage_event_publisher_lease (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  holder    text NOT NULL,
  until     timestamptz NOT NULL
);

CREATE FUNCTION baton_iso_time(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The order as GET /api/orders/{id} shows it (src/app/routes/orders.ts toOrderBody).
CREATE FUNCTION baton_order_json(o orders) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', o.id, 'status', o.status, 'processInstanceKey', o.process_instance_key, 'customerId', o.customer_id,
    'items', o.items, 'amount', o.amount_minor::numeric / 100, 'currency', o.currency,
    'statusReason', o.status_reason, 'createdAt', baton_iso_time(o.created_at),
    'updatedAt', baton_iso_time(o.updated_at))
$$;

CREATE FUNCTION baton_order_event(event_type text, order_id text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  o orders;
BEGIN
  SELECT * INTO o FROM orders WHERE id = order_id;
  INSERT INTO stage_events (source, type, subject, data)
  VALUES ('/baton/orders', event_type, order_id,
          CASE WHEN o.id IS NULL THEN jsonb_build_object('id', order_id) ELSE baton_order_json(o) END);
END
$$;

-- An onboarding: its start, the CRM record and the tenant, as far as they exist.
CREATE FUNCTION baton_onboarding_event(event_type text, customer text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stage_events (source, type, subject, data)
  SELECT '/baton/onboardings', event_type, customer, jsonb_build_object(
    'customerId', customer,
    'email', coalesce(s.email, c.email), 'company', coalesce(s.company, c.company),
    'processInstanceKey', coalesce(s.process_instance_key, c.process_instance_key),
    'crmRecord', c.status, 'tenant', CASE WHEN t.customer_id IS NULL THEN NULL
                                          ELSE jsonb_build_object('slug', t.slug, 'status', t.status) END)
  FROM (SELECT customer AS id) k
  LEFT JOIN onboarding_starts s ON s.customer_id = k.id
  LEFT JOIN customers c ON c.id = k.id
  LEFT JOIN tenants t ON t.customer_id = k.id;
END
$$;

CREATE FUNCTION baton_orders_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR (OLD.status <> 'in_progress' AND NEW.status = 'in_progress') THEN
    -- placed again: a refused start is claimed again (claimStart)
    INSERT INTO stage_events (source, type, subject, data)
    VALUES ('/baton/orders', CASE WHEN NEW.status = 'in_progress' THEN 'order.placed' ELSE 'order.' || NEW.status END,
            NEW.id, baton_order_json(NEW));
  ELSIF OLD.status <> NEW.status THEN
    INSERT INTO stage_events (source, type, subject, data)
    VALUES ('/baton/orders', 'order.' || NEW.status, NEW.id, baton_order_json(NEW));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER orders_stage_events AFTER INSERT OR UPDATE OF status ON orders
  FOR EACH ROW EXECUTE FUNCTION baton_orders_stage_events();

-- At commit (deferred): a declined charge writes its ledger row and deletes it again in one transaction,
-- and a payment that did not stay is no event.
CREATE FUNCTION baton_payments_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM payments WHERE id = NEW.id) THEN
    PERFORM baton_order_event(CASE NEW.kind WHEN 'charge' THEN 'order.payment.charged'
                                            ELSE 'order.payment.refunded' END, NEW.order_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER payments_stage_events AFTER INSERT ON payments
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION baton_payments_stage_events();

-- A reservation is known at commit (deferred): the row is written 'reserved' first and turns 'rejected' in
-- the same transaction when stock ran out. Its release is a later transaction of its own.
CREATE FUNCTION baton_reservations_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM reservations WHERE order_id = NEW.order_id AND status IN ('reserved', 'released')) THEN
      PERFORM baton_order_event('order.inventory.reserved', NEW.order_id);
    END IF;
  ELSIF OLD.status = 'reserved' AND NEW.status = 'released' THEN
    PERFORM baton_order_event('order.inventory.released', NEW.order_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER reservations_reserved_stage_events AFTER INSERT ON reservations
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION baton_reservations_stage_events();
CREATE TRIGGER reservations_released_stage_events AFTER UPDATE OF status ON reservations
  FOR EACH ROW EXECUTE FUNCTION baton_reservations_stage_events();

-- A shipment is booked when it gets its carrier; a tombstone (cancelled without one) reports nothing.
CREATE FUNCTION baton_shipments_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'created' AND NEW.carrier_code IS NOT NULL
     AND (TG_OP = 'INSERT' OR OLD.carrier_code IS NULL) THEN
    PERFORM baton_order_event('order.shipped', NEW.order_id);
  ELSIF TG_OP = 'UPDATE' AND OLD.status = 'created' AND NEW.status = 'cancelled' AND OLD.carrier_code IS NOT NULL THEN
    PERFORM baton_order_event('order.shipment.cancelled', NEW.order_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER shipments_stage_events AFTER INSERT OR UPDATE ON shipments
  FOR EACH ROW EXECUTE FUNCTION baton_shipments_stage_events();

CREATE FUNCTION baton_onboarding_starts_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.process_instance_key IS NOT NULL
     AND (TG_OP = 'INSERT' OR OLD.process_instance_key IS DISTINCT FROM NEW.process_instance_key) THEN
    PERFORM baton_onboarding_event('onboarding.started', NEW.customer_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER onboarding_starts_stage_events AFTER INSERT OR UPDATE OF process_instance_key ON onboarding_starts
  FOR EACH ROW EXECUTE FUNCTION baton_onboarding_starts_stage_events();

CREATE FUNCTION baton_customers_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'active' AND (TG_OP = 'INSERT' OR OLD.status <> 'active') THEN
    PERFORM baton_onboarding_event('onboarding.crm-record.created', NEW.id);
  ELSIF TG_OP = 'UPDATE' AND OLD.status = 'active' AND NEW.status = 'deleted' THEN
    PERFORM baton_onboarding_event('onboarding.cancelled', NEW.id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER customers_stage_events AFTER INSERT OR UPDATE OF status ON customers
  FOR EACH ROW EXECUTE FUNCTION baton_customers_stage_events();

CREATE FUNCTION baton_tenants_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'active' AND (TG_OP = 'INSERT' OR OLD.status <> 'active') THEN
    PERFORM baton_onboarding_event('onboarding.tenant.provisioned', NEW.customer_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER tenants_stage_events AFTER INSERT OR UPDATE OF status ON tenants
  FOR EACH ROW EXECUTE FUNCTION baton_tenants_stage_events();

-- The welcome email and the analytics report are queued in the outbox by the process's last steps.
CREATE FUNCTION baton_outbox_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.topic = 'welcome' AND NEW.payload ? 'customerId' THEN
    PERFORM baton_onboarding_event('onboarding.welcome-email.sent', NEW.payload->>'customerId');
  ELSIF NEW.topic = 'customer-onboarded' AND NEW.payload ? 'customerId' THEN
    PERFORM baton_onboarding_event('onboarding.completed', NEW.payload->>'customerId');
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_stage_events AFTER INSERT ON outbox
  FOR EACH ROW EXECUTE FUNCTION baton_outbox_stage_events();
