-- Every accepted currency counts toward the goal. Editors keep a rate per currency into the
-- goal's currency, dated: a gift is converted at the newest rate dated on or before its day (or
-- the oldest rate, if all are newer), so entering today's rate never rewrites last month.
CREATE TABLE exchange_rate (
  currency      TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  goal_currency TEXT NOT NULL CHECK (goal_currency ~ '^[A-Z]{3}$'),
  as_of         DATE NOT NULL,
  rate          NUMERIC(24, 10) NOT NULL CHECK (rate > 0),
  updated_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (currency, goal_currency, as_of),
  CHECK (currency <> goal_currency)
);

-- What actually reached the newsroom's account, when the provider says so (a settled balance
-- transaction, a receivable amount, an invoice priced in the goal's currency): preferred over any
-- rate. Empty for older entries and for providers that do not tell.
ALTER TABLE ledger_entry
  ADD COLUMN settled_minor    BIGINT,
  ADD COLUMN settled_currency TEXT CHECK (settled_currency ~ '^[A-Z]{3}$');
