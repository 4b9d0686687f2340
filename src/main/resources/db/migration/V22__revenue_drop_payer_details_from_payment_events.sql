-- Payments that report a running total (BTCPay invoices: PaymentArrived) kept the payer's address
-- and name in the stored event until now; V51 cleaned what was there then. The stored event keeps
-- ids and amounts only, like every other provider event. A row that does not read as JSON is left
-- as it is rather than failing the upgrade.
DO $$
DECLARE
  r RECORD;
BEGIN
  FOR r IN SELECT provider, event_id FROM provider_event
           WHERE type = 'PaymentArrived'
             AND (event_json LIKE '%"email"%' OR event_json LIKE '%"name"%') LOOP
    BEGIN
      UPDATE provider_event
      SET event_json = jsonb_set(jsonb_set(event_json::jsonb, '{email}', 'null'), '{name}', 'null')::text
      WHERE provider = r.provider AND event_id = r.event_id;
    EXCEPTION WHEN invalid_text_representation THEN
      RAISE NOTICE 'provider_event % % is not JSON; left as it is', r.provider, r.event_id;
    END;
  END LOOP;
END $$;
