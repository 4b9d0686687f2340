package org.samizdat.revenue;

import java.util.UUID;
import org.samizdat.platform.Money;

/**
 * A checkout as we recorded it when the reader left for the provider.
 *
 * @param status STARTED, COMPLETED (money arrived) or CLOSED (ended without money)
 * @param anonymous the reader chose to give without leaving an address
 * @param reference a random reference for the on-screen receipt of an anonymous gift
 * @param completedAt when the money arrived (or the checkout closed), else null
 */
public record CheckoutDetails(
    UUID id,
    String provider,
    Frequency frequency,
    Money amount,
    String language,
    String status,
    boolean anonymous,
    String reference,
    java.time.Instant completedAt) {}
