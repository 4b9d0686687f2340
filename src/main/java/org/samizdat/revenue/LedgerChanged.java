package org.samizdat.revenue;

/**
 * Money was recorded in the ledger (a gift, a renewal, a refund, by a provider or by hand): the
 * goal's progress may have moved (in the month of {@code occurredAt}). Published inside the
 * transaction that wrote the entry.
 */
public record LedgerChanged(String kind, java.time.Instant occurredAt) {}
