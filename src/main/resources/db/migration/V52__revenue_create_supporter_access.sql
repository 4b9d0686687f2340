-- "Manage my support" without an address in any URL: the e-mailed link carries a random token that
-- works once within an hour and opens a short session whose random id is in the page's address.
-- Only SHA-256 hashes of both are stored, so a copy of this table opens nothing.
CREATE TABLE supporter_access (
  token_hash   BYTEA PRIMARY KEY CHECK (length(token_hash) = 32),
  kind         TEXT NOT NULL CHECK (kind IN ('LINK', 'SESSION')),
  supporter_id BIGINT NOT NULL REFERENCES supporter (id) ON DELETE CASCADE,
  expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX supporter_access_expiry_idx ON supporter_access (expires_at);
CREATE INDEX supporter_access_supporter_idx ON supporter_access (supporter_id);

-- Erasing a supporter keeps the books: their ledger entries and recurring gifts stay, with no link
-- to a person. That is the one change the append-only ledger allows.
ALTER TABLE subscription ALTER COLUMN supporter_id DROP NOT NULL;

CREATE OR REPLACE FUNCTION ledger_entry_is_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.supporter_id IS NOT NULL AND NEW.supporter_id IS NULL
     AND (NEW.id, NEW.provider, NEW.provider_event_id, NEW.kind, NEW.subscription_id, NEW.frequency,
          NEW.amount_minor, NEW.currency, NEW.provider_payment_id, NEW.occurred_at, NEW.recorded_at)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.provider, OLD.provider_event_id, OLD.kind, OLD.subscription_id, OLD.frequency,
          OLD.amount_minor, OLD.currency, OLD.provider_payment_id, OLD.occurred_at, OLD.recorded_at) THEN
    RETURN NEW; -- a supporter erased: the entry stays, anonymous
  END IF;
  RAISE EXCEPTION 'ledger_entry is append-only: record a correcting entry instead of changing %', OLD.id;
END;
$$ LANGUAGE plpgsql;

