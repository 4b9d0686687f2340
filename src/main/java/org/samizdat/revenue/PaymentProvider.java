package org.samizdat.revenue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.samizdat.platform.Money;

/**
 * A payment provider behind one interface: start a checkout, verify and read its webhooks, and
 * change or cancel a recurring gift. Stripe first; PayPal and others fit the same shape.
 */
public interface PaymentProvider {

  /** Stable id used in URLs and stored rows: "stripe", "testmode". */
  String id();

  /** What readers see on the choice of payment methods, in English. */
  String displayName();

  /** The frequencies this provider takes. */
  Set<Frequency> frequencies();

  /** True only for the local test-mode provider: every page it touches says TEST MODE. */
  default boolean isTestMode() {
    return false;
  }

  /**
   * False for a rail that never asks the reader for an address (crypto): its thank-you page shows a
   * receipt on screen instead of promising one by e-mail.
   */
  default boolean asksForAddress() {
    return true;
  }

  /** Creates a hosted checkout; the reader is sent to {@link CheckoutSession#redirectUrl()}. */
  CheckoutSession startCheckout(CheckoutRequest request);

  /**
   * Verifies a webhook delivery (signature, timestamp tolerance) and reads it into neutral events.
   * Throws {@link WebhookRejected} when it is forged, stale or malformed.
   *
   * @param headers request headers, names lower-cased
   */
  List<PaymentEvent> readWebhook(byte[] payload, Map<String, String> headers)
      throws WebhookRejected;

  /** Cancels a recurring gift at the provider (immediately). */
  void cancelSubscription(String providerSubscriptionId);

  /** Changes a recurring gift's amount at the provider, from the next payment on. */
  void changeSubscriptionAmount(String providerSubscriptionId, Money amount, Frequency frequency);
}
