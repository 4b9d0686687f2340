-- The funnel's last step (gifts completed) is now counted from the ledger, so a payment webhook
-- no longer updates one shared counter row per day (every concurrent webhook queued on its lock).
-- The old counters are the same numbers, kept twice: drop them.
DELETE FROM appeal_funnel WHERE step = 'COMPLETED';
CREATE INDEX ledger_entry_payment_recorded_idx ON ledger_entry (recorded_at) WHERE kind = 'PAYMENT';
