-- The contributions list pages by key, newest first: (occurred_at, id) < (the last row's), in the
-- order of this index, which also serves every range of occurred_at the old one did.
CREATE INDEX ledger_entry_occurred_id_idx ON ledger_entry (occurred_at, id);
DROP INDEX ledger_entry_occurred_idx;
