-- Live coverage: an article that grows all day. One row per article made live (its pinned summary,
-- when coverage ended), and its timestamped updates, newest last by id.
CREATE TABLE live_coverage (
  article_id       BIGINT PRIMARY KEY REFERENCES article (id) ON DELETE CASCADE,
  started_at       TIMESTAMPTZ NOT NULL,
  started_by       TEXT NOT NULL,
  summary_markdown TEXT NOT NULL DEFAULT '' CHECK (length(summary_markdown) <= 5000),
  summary_html     TEXT NOT NULL DEFAULT '',
  ended_at         TIMESTAMPTZ
);

CREATE TABLE live_update (
  id            BIGSERIAL PRIMARY KEY,
  article_id    BIGINT NOT NULL REFERENCES live_coverage (article_id) ON DELETE CASCADE,
  staff_id      BIGINT,
  author_name   TEXT NOT NULL CHECK (length(author_name) BETWEEN 1 AND 120),
  body_markdown TEXT NOT NULL CHECK (length(body_markdown) BETWEEN 1 AND 20000),
  body_html     TEXT NOT NULL,
  image_id      BIGINT REFERENCES media_image (id),
  posted_at     TIMESTAMPTZ NOT NULL,
  edited_at     TIMESTAMPTZ
);
CREATE INDEX live_update_article_idx ON live_update (article_id, id DESC);
