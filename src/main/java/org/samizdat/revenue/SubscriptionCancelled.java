package org.samizdat.revenue;

/** A recurring gift ended, at the reader's request or the provider's. */
public record SubscriptionCancelled(long subscriptionId, long supporterId) {}
