-- The first admin of a fresh install has no password until they choose one through a one-time
-- sign-in link printed at start-up; the link is kept only as its SHA-256.
ALTER TABLE staff_user ALTER COLUMN password_hash DROP NOT NULL;

CREATE TABLE staff_signin_link (
  token_hash TEXT PRIMARY KEY,
  staff_id   BIGINT NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at    TIMESTAMPTZ
);
CREATE INDEX staff_signin_link_staff_idx ON staff_signin_link (staff_id);
