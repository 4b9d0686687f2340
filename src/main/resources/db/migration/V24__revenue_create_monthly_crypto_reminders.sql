-- A reader who gives monthly in crypto (which has no automatic debit) and asked for one e-mail a
-- month with a link to a fresh invoice. One per address; deleted by the link in each e-mail, from
-- "Manage my support", or when the supporter erases themselves.
CREATE TABLE monthly_crypto_reminder (
  id           UUID PRIMARY KEY,
  email        TEXT NOT NULL,
  language     TEXT NOT NULL CHECK (language IN ('en', 'ru')),
  provider     TEXT NOT NULL,
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  currency     TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  day_of_month INT NOT NULL CHECK (day_of_month BETWEEN 1 AND 31),
  next_on      DATE NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX monthly_crypto_reminder_email_idx ON monthly_crypto_reminder (lower(email));
CREATE INDEX monthly_crypto_reminder_due_idx ON monthly_crypto_reminder (next_on);
