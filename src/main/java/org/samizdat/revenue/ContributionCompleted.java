package org.samizdat.revenue;

import org.samizdat.platform.Money;

/** A reader's payment was recorded in the ledger (a first gift or a renewal). */
public record ContributionCompleted(
    long ledgerEntryId, long supporterId, Money amount, Frequency frequency, boolean renewal) {}
