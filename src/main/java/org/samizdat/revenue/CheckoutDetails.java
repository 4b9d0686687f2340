package org.samizdat.revenue;

import java.util.UUID;
import org.samizdat.platform.Money;

/** A checkout as we recorded it when the reader left for the provider. */
public record CheckoutDetails(
    UUID id, String provider, Frequency frequency, Money amount, String language, String status) {}
