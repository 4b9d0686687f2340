package org.samizdat.revenue;

import java.util.UUID;
import org.samizdat.platform.Money;

/**
 * What a provider needs to open a checkout, and nothing more.
 *
 * @param checkoutId our id, sent to the provider (metadata / client reference) and returned in its
 *     events
 * @param email the reader's e-mail if they already gave it, else null (the provider asks)
 * @param language "en" or "ru": the checkout opens in the reader's language
 * @param anonymous the reader gives without leaving an address: ask for none where the provider
 *     allows it (whatever it returns is dropped when the payment is recorded)
 */
public record CheckoutRequest(
    UUID checkoutId,
    Frequency frequency,
    Money amount,
    String email,
    String language,
    String description,
    String successUrl,
    String cancelUrl,
    boolean anonymous) {}
