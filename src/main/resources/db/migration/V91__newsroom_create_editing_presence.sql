-- Who has which article open in the editor, so a second person sees who and since when. Rows are
-- refreshed while the editor is open and count only while recent.
CREATE TABLE newsroom_editing (
  article_id BIGINT NOT NULL,
  staff_id   BIGINT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  since      TIMESTAMPTZ NOT NULL,
  seen_at    TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (article_id, staff_id)
);
