-- Readers who asked for the e-mail newsletter. A row exists from the first request; it gets
-- confirmed_at when the reader follows the link in the confirmation e-mail, and until then
-- nothing but that one e-mail is sent to it. An unconfirmed row is deleted after a week;
-- unsubscribing deletes the row (only newsletter_unsubscribed keeps a number).
CREATE TABLE newsletter_subscriber (
  id                   UUID PRIMARY KEY,
  email                TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  language             TEXT NOT NULL CHECK (language IN ('en', 'ru')),
  frequency            TEXT NOT NULL CHECK (frequency IN ('DAILY', 'WEEKLY')),
  requested_at         TIMESTAMPTZ NOT NULL,  -- the latest request: its confirmation link expires a week after
  confirmed_at         TIMESTAMPTZ,
  -- SHA-256 of the confirmation link's token (the token itself is only in the e-mail); null once used
  confirm_token_hash   BYTEA UNIQUE,
  confirmation_sent_at TIMESTAMPTZ,           -- at most one confirmation e-mail an hour per address
  -- a subscriber who asks again with other choices keeps the current ones until they confirm these
  pending_language     TEXT CHECK (pending_language IN ('en', 'ru')),
  pending_frequency    TEXT CHECK (pending_frequency IN ('DAILY', 'WEEKLY'))
);
CREATE UNIQUE INDEX newsletter_subscriber_email_key ON newsletter_subscriber (lower(email));
CREATE INDEX newsletter_subscriber_digest_idx ON newsletter_subscriber (frequency, language) WHERE confirmed_at IS NOT NULL;
CREATE INDEX newsletter_subscriber_unconfirmed_idx ON newsletter_subscriber (requested_at) WHERE confirmed_at IS NULL;

-- One row per frequency and language: the claim that makes each issue go out once however many
-- nodes run the job (locked FOR UPDATE SKIP LOCKED), and the last period it was handled for, so
-- a day with nothing new is not looked at again until the next one.
CREATE TABLE newsletter_edition (
  frequency   TEXT NOT NULL CHECK (frequency IN ('DAILY', 'WEEKLY')),
  language    TEXT NOT NULL CHECK (language IN ('en', 'ru')),
  last_period DATE,
  PRIMARY KEY (frequency, language)
);
INSERT INTO newsletter_edition (frequency, language) VALUES ('DAILY', 'en'), ('DAILY', 'ru'), ('WEEKLY', 'en'), ('WEEKLY', 'ru');

-- Every issue sent: which period, what it covered and to how many. The unique key is the last
-- guard against a second issue for the same day or week.
CREATE TABLE newsletter_issue (
  id           BIGSERIAL PRIMARY KEY,
  frequency    TEXT NOT NULL CHECK (frequency IN ('DAILY', 'WEEKLY')),
  language     TEXT NOT NULL CHECK (language IN ('en', 'ru')),
  period       DATE NOT NULL,         -- the day (daily) or the first day of the week (weekly), newsroom time
  covers_from  TIMESTAMPTZ NOT NULL,
  covers_until TIMESTAMPTZ NOT NULL,
  articles     INT NOT NULL,
  recipients   INT NOT NULL,
  sent_at      TIMESTAMPTZ NOT NULL,
  sent_by      TEXT NOT NULL,         -- 'schedule', or the staff member who pressed "send now"
  UNIQUE (frequency, language, period)
);
CREATE INDEX newsletter_issue_sent_idx ON newsletter_issue (sent_at DESC);

-- The articles an issue covered, so a story that went live just before an issue (its
-- transaction committing a moment late) is picked up by the next one and never sent twice.
CREATE TABLE newsletter_issue_article (
  issue_id   BIGINT NOT NULL REFERENCES newsletter_issue (id) ON DELETE CASCADE,
  article_id BIGINT NOT NULL,
  PRIMARY KEY (issue_id, article_id)
);
CREATE INDEX newsletter_issue_article_article_idx ON newsletter_issue_article (article_id);

-- How many readers unsubscribed each month: a number, nothing about anyone.
CREATE TABLE newsletter_unsubscribed (
  month DATE PRIMARY KEY,
  count BIGINT NOT NULL
);
