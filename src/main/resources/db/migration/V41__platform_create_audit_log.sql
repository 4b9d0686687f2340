-- What staff did, who, when and from where. Append-only: a trigger refuses every UPDATE and
-- every DELETE except the retention job's, which says so in its own transaction
-- (SET LOCAL samizdat.audit_retention = 'on').
CREATE TABLE audit_entry (
  id      BIGSERIAL PRIMARY KEY,
  at      TIMESTAMPTZ NOT NULL,
  actor   TEXT NOT NULL CHECK (length(actor) <= 300),
  action  TEXT NOT NULL CHECK (length(action) <= 60),
  subject TEXT NOT NULL DEFAULT '' CHECK (length(subject) <= 1000),
  address TEXT
);
CREATE INDEX audit_entry_at_idx ON audit_entry (at);
CREATE INDEX audit_entry_actor_idx ON audit_entry (lower(actor), at);
CREATE INDEX audit_entry_action_idx ON audit_entry (action, at);

CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('samizdat.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'The audit log is append-only: % of entry % refused', TG_OP, OLD.id;
END
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();

-- One row the retention job locks (FOR UPDATE SKIP LOCKED): one node at a time does the work.
CREATE TABLE audit_retention_run (
  id       INT PRIMARY KEY CHECK (id = 1),
  last_run TIMESTAMPTZ
);
INSERT INTO audit_retention_run (id) VALUES (1);
