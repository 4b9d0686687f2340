-- Reader revenue. Money is always minor units (BIGINT) with an ISO currency code.

-- What editors control: the monthly goal and the words of the banner and the appeal.
CREATE TABLE funding_settings (
  id                  INT PRIMARY KEY CHECK (id = 1),
  goal_minor          BIGINT NOT NULL CHECK (goal_minor > 0),
  goal_currency       TEXT NOT NULL CHECK (goal_currency ~ '^[A-Z]{3}$'),
  ads_disabled_since  DATE NOT NULL,
  banner_en           TEXT NOT NULL,
  banner_ru           TEXT NOT NULL,
  appeal_en           TEXT NOT NULL,
  appeal_ru           TEXT NOT NULL,
  other_ways_en       TEXT NOT NULL,
  other_ways_ru       TEXT NOT NULL,
  default_frequency   TEXT NOT NULL CHECK (default_frequency IN ('ONCE', 'MONTHLY', 'ANNUAL')),
  banner_dismiss_days INT NOT NULL CHECK (banner_dismiss_days BETWEEN 1 AND 365),
  remind_later_days   INT NOT NULL CHECK (remind_later_days BETWEEN 1 AND 365),
  appeal_cap_views    INT NOT NULL CHECK (appeal_cap_views BETWEEN 1 AND 1000),
  appeal_cap_days     INT NOT NULL CHECK (appeal_cap_days BETWEEN 1 AND 365),
  thanks_days         INT NOT NULL CHECK (thanks_days BETWEEN 1 AND 730),
  updated_at          TIMESTAMPTZ NOT NULL
);

INSERT INTO funding_settings VALUES (1, 1000000, 'USD', DATE '2022-03-01',
  'Enjoying ad-free content? Since {since} we have disabled all ads to improve your reading experience. This commitment costs us {goal} a month. Your support can help us fill the gap.',
  'Нравится читать без рекламы? С {since} мы отключили всю рекламу, чтобы вам было удобнее читать. Это обходится нам в {goal} в месяц. Ваша поддержка поможет покрыть эти расходы.',
  'Our journalism is banned at home, and we refuse advertising so that nobody can buy our silence. Everything we publish is paid for by readers like you: please support us monthly, starting from just {minimum}.',
  'Нашу журналистику запретили дома, а от рекламы мы отказались, чтобы никто не мог купить наше молчание. Всё, что мы публикуем, оплачивают такие же читатели, как вы: пожалуйста, поддержите нас ежемесячно — от {minimum}.',
  'Bank transfer: write to support@newsroom.example for our account details. Where cards are blocked, friends abroad can give on your behalf.',
  'Банковский перевод: напишите на support@newsroom.example, и мы пришлём реквизиты. Если карты заблокированы, за вас могут перевести друзья за границей.',
  'MONTHLY', 14, 7, 3, 7, 90, now());

-- Limits and suggestions per currency and frequency, editable in the newsroom.
CREATE TABLE amount_rule (
  currency      TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  frequency     TEXT NOT NULL CHECK (frequency IN ('ONCE', 'MONTHLY', 'ANNUAL')),
  min_minor     BIGINT NOT NULL CHECK (min_minor > 0),
  max_minor     BIGINT NOT NULL,
  suggested     BIGINT[] NOT NULL,
  PRIMARY KEY (currency, frequency),
  CHECK (max_minor >= min_minor)
);
INSERT INTO amount_rule VALUES
  ('USD', 'ONCE', 500, 1000000, '{1000,2500,5000,10000}'),
  ('USD', 'MONTHLY', 200, 100000, '{200,500,1000,2500}'),
  ('USD', 'ANNUAL', 2000, 1000000, '{2000,5000,10000,25000}'),
  ('EUR', 'ONCE', 500, 1000000, '{1000,2500,5000,10000}'),
  ('EUR', 'MONTHLY', 200, 100000, '{200,500,1000,2500}'),
  ('EUR', 'ANNUAL', 2000, 1000000, '{2000,5000,10000,25000}');

CREATE TABLE supporter (
  id         BIGSERIAL PRIMARY KEY,
  email      TEXT NOT NULL,
  name       TEXT,
  language   TEXT NOT NULL DEFAULT 'en',
  created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX supporter_email_idx ON supporter (lower(email));

-- A reader's trip to a provider's checkout; its id travels in the provider's metadata.
CREATE TABLE checkout (
  id                  UUID PRIMARY KEY,
  provider            TEXT NOT NULL,
  frequency           TEXT NOT NULL CHECK (frequency IN ('ONCE', 'MONTHLY', 'ANNUAL')),
  amount_minor        BIGINT NOT NULL CHECK (amount_minor > 0),
  currency            TEXT NOT NULL,
  language            TEXT NOT NULL,
  provider_session_id TEXT,
  status              TEXT NOT NULL CHECK (status IN ('STARTED', 'COMPLETED')),
  created_at          TIMESTAMPTZ NOT NULL,
  completed_at        TIMESTAMPTZ
);

CREATE TABLE subscription (
  id                       BIGSERIAL PRIMARY KEY,
  supporter_id             BIGINT NOT NULL REFERENCES supporter (id),
  provider                 TEXT NOT NULL,
  provider_subscription_id TEXT NOT NULL,
  frequency                TEXT NOT NULL CHECK (frequency IN ('MONTHLY', 'ANNUAL')),
  amount_minor             BIGINT NOT NULL CHECK (amount_minor > 0),
  currency                 TEXT NOT NULL,
  status                   TEXT NOT NULL CHECK (status IN ('ACTIVE', 'PAST_DUE', 'CANCELLED')),
  started_at               TIMESTAMPTZ NOT NULL,
  cancelled_at             TIMESTAMPTZ,
  status_changed_at        TIMESTAMPTZ NOT NULL,
  UNIQUE (provider, provider_subscription_id)
);
CREATE INDEX subscription_supporter_idx ON subscription (supporter_id);

-- Every payment, renewal, failure and refund: append-only, never updated or deleted.
CREATE TABLE ledger_entry (
  id                  BIGSERIAL PRIMARY KEY,
  provider            TEXT NOT NULL,
  provider_event_id   TEXT NOT NULL,
  kind                TEXT NOT NULL CHECK (kind IN ('PAYMENT', 'RENEWAL', 'FAILED', 'REFUND')),
  supporter_id        BIGINT REFERENCES supporter (id),
  subscription_id     BIGINT REFERENCES subscription (id),
  frequency           TEXT NOT NULL CHECK (frequency IN ('ONCE', 'MONTHLY', 'ANNUAL')),
  amount_minor        BIGINT NOT NULL,
  currency            TEXT NOT NULL,
  provider_payment_id TEXT,
  occurred_at         TIMESTAMPTZ NOT NULL,
  recorded_at         TIMESTAMPTZ NOT NULL,
  UNIQUE (provider, provider_event_id, kind)
);
CREATE INDEX ledger_entry_occurred_idx ON ledger_entry (occurred_at);
CREATE INDEX ledger_entry_supporter_idx ON ledger_entry (supporter_id);
CREATE INDEX ledger_entry_payment_idx ON ledger_entry (provider, provider_payment_id);

CREATE FUNCTION ledger_entry_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entry is append-only: record a correcting entry instead of changing %', OLD.id;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
  FOR EACH ROW EXECUTE FUNCTION ledger_entry_is_append_only();

-- Each provider event once: the primary key is the idempotency key. Events we could not
-- match to a supporter or subscription stay here for review (and are retried when they can be).
CREATE TABLE provider_event (
  provider        TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  type            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('PROCESSED', 'UNMATCHED', 'IGNORED')),
  subscription_ref TEXT,
  payment_ref     TEXT,
  detail          TEXT NOT NULL DEFAULT '',
  event_json      TEXT NOT NULL,
  received_at     TIMESTAMPTZ NOT NULL,
  processed_at    TIMESTAMPTZ,
  PRIMARY KEY (provider, event_id)
);
CREATE INDEX provider_event_unmatched_idx ON provider_event (provider, subscription_ref) WHERE status = 'UNMATCHED';

-- Aggregate counts of the appeal funnel per day: nothing about any reader.
CREATE TABLE appeal_funnel (
  day   DATE NOT NULL,
  step  TEXT NOT NULL CHECK (step IN ('SHOWN', 'CONTINUE', 'CHECKOUT', 'COMPLETED')),
  count BIGINT NOT NULL,
  PRIMARY KEY (day, step)
);

-- A reader who asked for one reminder e-mail on a date; deleted once sent, or on request.
CREATE TABLE reminder (
  id         UUID PRIMARY KEY,
  email      TEXT NOT NULL,
  language   TEXT NOT NULL,
  remind_on  DATE NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX reminder_due_idx ON reminder (remind_on);

-- Secrets the app makes for itself (signing manage-my-support links, the test-mode webhook
-- key), shared by every node through the database.
CREATE TABLE app_secret (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);

-- The test-mode provider's own checkout sessions (it plays the provider's part locally).
CREATE TABLE testmode_session (
  checkout_id UUID PRIMARY KEY,
  success_url TEXT NOT NULL,
  cancel_url  TEXT NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL
);
