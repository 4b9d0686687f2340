-- E-mails waiting to be sent, written in the same transaction as the change that causes them
-- (a receipt with its contribution), so a rolled-back change sends nothing and a crash loses nothing.
CREATE TABLE mail_outbox (
  id              UUID PRIMARY KEY,
  recipient       TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
  subject         TEXT NOT NULL,
  text_body       TEXT NOT NULL,
  html_body       TEXT,
  headers         JSONB NOT NULL DEFAULT '{}',
  created_at      TIMESTAMPTZ NOT NULL,
  attempts        INT NOT NULL DEFAULT 0,   -- failed attempts so far
  next_attempt_at TIMESTAMPTZ NOT NULL,
  sent_at         TIMESTAMPTZ,
  failed_at       TIMESTAMPTZ,
  last_error      TEXT
);
-- The sender's only question: what is due? Sent and given-up rows drop out of the index.
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
