CREATE TABLE section (
  id       BIGSERIAL PRIMARY KEY,
  slug     TEXT NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  name_en  TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
  name_ru  TEXT NOT NULL CHECK (length(name_ru) BETWEEN 1 AND 80),
  position INT NOT NULL DEFAULT 0
);

CREATE TABLE tag (
  id       BIGSERIAL PRIMARY KEY,
  language TEXT NOT NULL CHECK (language IN ('en', 'ru')),
  slug     TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  name     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  UNIQUE (language, slug)
);

CREATE TABLE author (
  id   BIGSERIAL PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  bio  TEXT NOT NULL DEFAULT '' CHECK (length(bio) <= 2000)
);

-- Uploaded images: only stripped, re-encoded variants are kept (files under <data>/media).
CREATE TABLE media_image (
  id           BIGSERIAL PRIMARY KEY,
  key          TEXT NOT NULL UNIQUE,
  content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  width        INT NOT NULL,
  height       INT NOT NULL,
  widths       INT[] NOT NULL,
  alt_text     TEXT NOT NULL DEFAULT '' CHECK (length(alt_text) <= 300),
  created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE article (
  id              BIGSERIAL PRIMARY KEY,
  language        TEXT NOT NULL CHECK (language IN ('en', 'ru')),
  slug            TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 100),
  headline        TEXT NOT NULL CHECK (length(headline) BETWEEN 1 AND 200),
  standfirst      TEXT NOT NULL DEFAULT '' CHECK (length(standfirst) <= 400),
  body_markdown   TEXT NOT NULL DEFAULT '' CHECK (length(body_markdown) <= 200000),
  body_html       TEXT NOT NULL DEFAULT '',
  section_id      BIGINT REFERENCES section (id),
  hero_image_id   BIGINT REFERENCES media_image (id),
  hero_caption    TEXT NOT NULL DEFAULT '' CHECK (length(hero_caption) <= 300),
  hero_credit     TEXT NOT NULL DEFAULT '' CHECK (length(hero_credit) <= 120),
  status          TEXT NOT NULL CHECK (status IN ('DRAFT', 'SCHEDULED', 'PUBLISHED', 'UNPUBLISHED')),
  publish_at      TIMESTAMPTZ,
  published_at    TIMESTAMPTZ,
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  created_by      BIGINT,
  translation_id  BIGINT REFERENCES article (id) ON DELETE SET NULL,
  deleted_at      TIMESTAMPTZ,
  version         INT NOT NULL DEFAULT 0,
  UNIQUE (language, slug),
  CHECK (status <> 'SCHEDULED' OR publish_at IS NOT NULL),
  CHECK (status <> 'PUBLISHED' OR published_at IS NOT NULL)
);
CREATE INDEX article_status_published_idx ON article (status, published_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX article_scheduled_idx ON article (publish_at) WHERE status = 'SCHEDULED' AND deleted_at IS NULL;
CREATE INDEX article_section_idx ON article (section_id);

CREATE TABLE article_author (
  article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  author_id  BIGINT NOT NULL REFERENCES author (id),
  position   INT NOT NULL,
  PRIMARY KEY (article_id, author_id)
);
CREATE INDEX article_author_author_idx ON article_author (author_id);

CREATE TABLE article_tag (
  article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  tag_id     BIGINT NOT NULL REFERENCES tag (id),
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tag_tag_idx ON article_tag (tag_id);

-- Every save, publish, unpublish and restore leaves a full snapshot.
CREATE TABLE article_revision (
  id            BIGSERIAL PRIMARY KEY,
  article_id    BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  number        INT NOT NULL,
  language      TEXT NOT NULL,
  slug          TEXT NOT NULL,
  headline      TEXT NOT NULL,
  standfirst    TEXT NOT NULL,
  body_markdown TEXT NOT NULL,
  section_id    BIGINT,
  tag_names     TEXT[] NOT NULL,
  author_ids    BIGINT[] NOT NULL,
  hero_image_id BIGINT,
  hero_caption  TEXT NOT NULL,
  hero_credit   TEXT NOT NULL,
  status        TEXT NOT NULL,
  note          TEXT NOT NULL,
  saved_by      TEXT NOT NULL,
  saved_at      TIMESTAMPTZ NOT NULL,
  UNIQUE (article_id, number)
);

-- Slugs an article was published under before a rename; the site redirects them.
CREATE TABLE article_slug_history (
  language   TEXT NOT NULL,
  slug       TEXT NOT NULL,
  article_id BIGINT NOT NULL REFERENCES article (id) ON DELETE CASCADE,
  PRIMARY KEY (language, slug)
);
