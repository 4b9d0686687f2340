-- Crypto through BTCPay Server, anonymous gifts, and gifts that need a person's look.

-- A checkout can now end without money (a BTCPay invoice expired or turned invalid).
ALTER TABLE checkout DROP CONSTRAINT checkout_status_check;
ALTER TABLE checkout ADD CONSTRAINT checkout_status_check
  CHECK (status IN ('STARTED', 'COMPLETED', 'CLOSED'));
-- "Give without leaving my address": no supporter row, no e-mail kept, no receipt mail; the
-- thank-you page shows an on-screen receipt with this random reference instead.
ALTER TABLE checkout ADD COLUMN anonymous BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE checkout ADD COLUMN reference TEXT;

-- Money that arrived differently from what was asked (paid late, partly, over, marked paid by
-- hand at the provider, another amount or currency than the checkout): recorded as what arrived
-- and listed in the newsroom until someone has looked at it.
CREATE TABLE payment_review (
  id                  BIGSERIAL PRIMARY KEY,
  provider            TEXT NOT NULL,
  provider_payment_id TEXT NOT NULL,
  checkout_id         UUID,
  reason              TEXT NOT NULL,
  expected_minor      BIGINT,
  expected_currency   TEXT,
  received_minor      BIGINT NOT NULL,
  currency            TEXT NOT NULL,
  created_at          TIMESTAMPTZ NOT NULL,
  resolved_at         TIMESTAMPTZ,
  UNIQUE (provider, provider_payment_id, reason, received_minor)
);
CREATE INDEX payment_review_open_idx ON payment_review (created_at) WHERE resolved_at IS NULL;

-- The local BTCPay test mode plays a BTCPay store on our own origin: its invoices.
CREATE TABLE btcpay_testmode_invoice (
  id                TEXT PRIMARY KEY,
  store_id          TEXT NOT NULL,
  amount            TEXT NOT NULL,
  currency          TEXT NOT NULL,
  paid_amount       TEXT NOT NULL,
  status            TEXT NOT NULL,
  additional_status TEXT NOT NULL,
  metadata          TEXT NOT NULL,
  redirect_url      TEXT,
  created_at        TIMESTAMPTZ NOT NULL,
  expires_at        TIMESTAMPTZ NOT NULL
);
