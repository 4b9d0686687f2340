-- Counters for the forms that send mail, shared by every node: a keyed hash of the client address
-- or recipient (never the address itself) and a fixed window; deleted when the window is over.
CREATE TABLE form_limit (
  key_hash     BYTEA NOT NULL,
  window_start TIMESTAMPTZ NOT NULL,
  expires_at   TIMESTAMPTZ NOT NULL,
  hits         INT NOT NULL,
  PRIMARY KEY (key_hash, window_start)
);
CREATE INDEX form_limit_expiry_idx ON form_limit (expires_at);
