-- Keep only what the outbox needs: once a mail is sent (or given up after its last attempt) its
-- recipient, subject, bodies and headers are erased; the row keeps its id, kind, times and status.
-- Transactional mail (receipts, manage links, confirmations) goes ahead of bulk mail (digests).
ALTER TABLE mail_outbox
  ADD COLUMN kind     TEXT NOT NULL DEFAULT 'mail' CHECK (kind ~ '^[a-z][a-z0-9-]{0,39}$'),
  ADD COLUMN priority SMALLINT NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)), -- 0 transactional, 1 bulk
  ALTER COLUMN recipient DROP NOT NULL,
  ALTER COLUMN subject DROP NOT NULL,
  ALTER COLUMN text_body DROP NOT NULL,
  ALTER COLUMN headers DROP NOT NULL;

-- Digests carry List-Unsubscribe; nothing else did before kinds existed.
UPDATE mail_outbox SET kind = 'newsletter-digest', priority = 1 WHERE headers ? 'List-Unsubscribe';

-- What was already sent or given up keeps no address, words or headers; an error text that
-- quoted the address keeps the error without it.
UPDATE mail_outbox
SET last_error = CASE WHEN sent_at IS NOT NULL THEN NULL
                      ELSE replace(last_error, recipient, '<recipient>') END,
    recipient = NULL, subject = NULL, text_body = NULL, html_body = NULL, headers = NULL
WHERE sent_at IS NOT NULL OR failed_at IS NOT NULL;

-- A mail still to be sent has all of it; a finished one has none of it.
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_erased_when_done CHECK (
  (sent_at IS NULL AND failed_at IS NULL
     AND recipient IS NOT NULL AND subject IS NOT NULL AND text_body IS NOT NULL AND headers IS NOT NULL)
  OR ((sent_at IS NOT NULL OR failed_at IS NOT NULL)
     AND recipient IS NULL AND subject IS NULL AND text_body IS NULL AND html_body IS NULL AND headers IS NULL));

DROP INDEX mail_outbox_due_idx;
CREATE INDEX mail_outbox_due_idx ON mail_outbox (priority, next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
-- Withdrawing what is still queued for an address (an unsubscribe, an erasure).
CREATE INDEX mail_outbox_queued_recipient_idx ON mail_outbox (lower(recipient)) WHERE sent_at IS NULL AND failed_at IS NULL;
