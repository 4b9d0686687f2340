-- No cardholder names: nothing needs them.
ALTER TABLE supporter DROP COLUMN name;

-- A stored provider event keeps the ids and amounts the ledger needs, not the payer's address or
-- name (those went to the supporter row, which its owner can erase). Rows are JSON written by the
-- app; one that does not read as JSON is left as it is rather than failing the upgrade.
DO $$
DECLARE
  r RECORD;
BEGIN
  FOR r IN SELECT provider, event_id, event_json FROM provider_event
           WHERE event_json LIKE '%"email"%' OR event_json LIKE '%"name"%' LOOP
    BEGIN
      UPDATE provider_event SET event_json = (r.event_json::jsonb - 'email' - 'name')::text
      WHERE provider = r.provider AND event_id = r.event_id;
    EXCEPTION WHEN invalid_text_representation THEN
      RAISE NOTICE 'provider_event % % is not JSON; left as it is', r.provider, r.event_id;
    END;
  END LOOP;
END $$;
