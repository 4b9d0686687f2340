package org.samizdat.revenue;

import java.time.Instant;
import org.samizdat.platform.Money;

/**
 * A reader's payment was recorded in the ledger (a first gift or a renewal). Heard by revenue's own
 * {@code Receipts} (the receipt e-mail, queued in the same transaction); the pages showing the
 * goal's progress hear {@link LedgerChanged}.
 *
 * @param supporterId null for an anonymous gift or for the renewal of a gift whose supporter erased
 *     themselves (no receipt e-mail: there is no address)
 */
public record ContributionCompleted(
    long ledgerEntryId,
    Long supporterId,
    Money amount,
    Frequency frequency,
    boolean renewal,
    Instant occurredAt) {}
