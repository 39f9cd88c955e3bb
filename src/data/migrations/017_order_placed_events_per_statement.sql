-- Stage events (012): orders inserted together (the API gathers concurrent requests into one INSERT,
-- src/data/coalesce.ts) get their order.placed events from one INSERT per statement instead of one per row.
-- Each row trigger's INSERT into stage_events was a statement of its own, planned and run apart and firing
-- the queue trigger of 016 once per order. A change of status keeps its row trigger (a transition table
-- cannot go with UPDATE OF a column).
CREATE FUNCTION baton_orders_placed_stage_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stage_events (source, type, subject, data)
  SELECT '/baton/orders', CASE WHEN p.status = 'in_progress' THEN 'order.placed' ELSE 'order.' || p.status END,
         p.id, baton_order_json(p::orders)
  FROM placed p;
  RETURN NULL;
END
$$;

DROP TRIGGER orders_stage_events ON orders;
CREATE TRIGGER orders_stage_events AFTER UPDATE OF status ON orders
  FOR EACH ROW EXECUTE FUNCTION baton_orders_stage_events();
CREATE TRIGGER orders_placed_stage_events AFTER INSERT ON orders
  REFERENCING NEW TABLE AS placed FOR EACH STATEMENT EXECUTE FUNCTION baton_orders_placed_stage_events();
