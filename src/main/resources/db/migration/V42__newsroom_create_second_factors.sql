-- A staff member's authenticator app: its secret sealed with AES-GCM (platform SecretBox), usable
-- once confirmed with a code; last_step is the newest 30-second step whose code was accepted, so a
-- code is never accepted twice.
CREATE TABLE staff_totp (
  staff_id     BIGINT PRIMARY KEY REFERENCES staff_user (id) ON DELETE CASCADE,
  secret       BYTEA NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL,
  confirmed_at TIMESTAMPTZ,
  last_step    BIGINT
);

-- The newsroom's sign-in policy (one row): whether every staff member needs a second factor.
CREATE TABLE staff_sign_in_policy (
  id                     INT PRIMARY KEY CHECK (id = 1),
  second_factor_required BOOLEAN NOT NULL DEFAULT FALSE,
  changed_at             TIMESTAMPTZ,
  changed_by             TEXT
);
INSERT INTO staff_sign_in_policy (id) VALUES (1);
