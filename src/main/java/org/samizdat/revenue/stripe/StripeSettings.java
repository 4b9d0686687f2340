package org.samizdat.revenue.stripe;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Samizdat talks to Stripe. Stripe takes payments only when both the secret key and the webhook
 * signing secret are set; see {@link StripeConfigured}.
 *
 * @param secretKey the account's secret API key (sk_live_..., or sk_test_... for Stripe's test
 *     mode)
 * @param webhookSecret the signing secret of the webhook endpoint that points at /webhooks/stripe
 *     (whsec_...)
 * @param apiBase where the Stripe API lives; empty means Stripe's own (https://api.stripe.com).
 *     Tests point it at a local fake
 * @param webhookTolerance how old a webhook's signed timestamp may be before it is refused as a
 *     replay
 * @param productId an existing Stripe product every gift is booked under; empty means each checkout
 *     names its own product from the gift's description
 */
@ConfigurationProperties("samizdat.revenue.stripe")
public record StripeSettings(
    String secretKey,
    String webhookSecret,
    String apiBase,
    @DefaultValue("5m") Duration webhookTolerance,
    String productId) {

  public StripeSettings {
    if (webhookTolerance == null) {
      webhookTolerance = Duration.ofMinutes(5);
    }
  }

  /** Both secrets present: the only state in which {@link StripeProvider} exists. */
  public boolean isConfigured() {
    return hasText(secretKey) && hasText(webhookSecret);
  }

  static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }

  /** Keeps both secrets out of logs and error pages. */
  @Override
  public String toString() {
    return "StripeSettings[secretKey="
        + (hasText(secretKey) ? "(set)" : "(empty)")
        + ", webhookSecret="
        + (hasText(webhookSecret) ? "(set)" : "(empty)")
        + ", apiBase="
        + apiBase
        + ", webhookTolerance="
        + webhookTolerance
        + ", productId="
        + productId
        + "]";
  }
}
