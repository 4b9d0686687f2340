package org.samizdat.revenue;

/** A checkout opened at a provider: its id there and where to send the reader. */
public record CheckoutSession(String providerSessionId, String redirectUrl) {}
