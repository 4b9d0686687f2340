CREATE TABLE staff_user (
  id            BIGSERIAL PRIMARY KEY,
  email         TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('ADMIN', 'EDITOR', 'AUTHOR')),
  author_id     BIGINT,
  enabled       BOOLEAN NOT NULL DEFAULT TRUE,
  created_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX staff_user_email_idx ON staff_user (lower(email));
