-- Who marked a payment reviewed, and what they decided (refunded the extra, wrote to the reader...).
ALTER TABLE payment_review ADD COLUMN resolved_by TEXT;
ALTER TABLE payment_review ADD COLUMN resolution_note TEXT;
