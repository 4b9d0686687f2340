-- PayPal needs a catalog product and a billing plan before it takes a subscription. The app
-- makes one plan per currency and frequency at first use and remembers it here, per PayPal
-- environment (sandbox, live, the local test mode), so every node uses the same plan.
-- The amount of each gift is set on the subscription itself (a plan override), not here.
CREATE TABLE paypal_plan (
  api_base    TEXT NOT NULL,
  currency    TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  frequency   TEXT NOT NULL CHECK (frequency IN ('MONTHLY', 'ANNUAL')),
  product_id  TEXT NOT NULL,
  plan_id     TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (api_base, currency, frequency)
);

-- The local PayPal test mode plays PayPal's part on this machine (orders, subscriptions,
-- captures, sales, webhook verification); its objects live here, as PayPal's JSON, so any node
-- can answer. Never used once real PayPal keys are set.
CREATE TABLE paypal_testmode_object (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  json        TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL
);
