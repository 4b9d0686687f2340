-- Edits to a live article wait here, seen only by the newsroom, until an editor updates the live
-- article (or apply_at comes: a scheduled update). One pending edit per article.
CREATE TABLE article_pending_edit (
  article_id     BIGINT PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE,
  language       TEXT NOT NULL CHECK (language IN ('en', 'ru')),
  slug           TEXT NOT NULL,
  headline       TEXT NOT NULL CHECK (length(headline) BETWEEN 1 AND 200),
  standfirst     TEXT NOT NULL CHECK (length(standfirst) <= 400),
  body_markdown  TEXT NOT NULL CHECK (length(body_markdown) <= 200000),
  section_id     BIGINT REFERENCES section (id) ON DELETE SET NULL,
  tag_names      TEXT[] NOT NULL,
  author_ids     BIGINT[] NOT NULL,
  hero_image_id  BIGINT REFERENCES media_image (id) ON DELETE SET NULL,
  hero_caption   TEXT NOT NULL,
  hero_credit    TEXT NOT NULL,
  translation_id BIGINT REFERENCES article (id) ON DELETE SET NULL,
  apply_at       TIMESTAMPTZ,
  saved_by       TEXT NOT NULL,
  saved_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX article_pending_edit_due_idx ON article_pending_edit (apply_at) WHERE apply_at IS NOT NULL;
