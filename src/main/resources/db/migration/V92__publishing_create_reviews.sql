-- An author's draft waiting for an editor (READY), or sent back to its author with a note
-- (RETURNED). Gone once the article is published or scheduled.
CREATE TABLE article_review (
  article_id   BIGINT PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE,
  state        TEXT NOT NULL CHECK (state IN ('READY', 'RETURNED')),
  note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  requested_by TEXT NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL,
  returned_by  TEXT,
  returned_at  TIMESTAMPTZ
);
CREATE INDEX article_review_ready_idx ON article_review (requested_at) WHERE state = 'READY';
