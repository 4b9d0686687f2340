package org.samizdat.revenue.stripe;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Stripe is active exactly when both {@code samizdat.revenue.stripe.secret-key} and {@code
 * samizdat.revenue.stripe.webhook-secret} are bound to non-blank values, from any source Spring
 * Boot reads (application.properties, or Boot's relaxed environment variables {@code
 * SAMIZDAT_REVENUE_STRIPE_SECRETKEY} and {@code SAMIZDAT_REVENUE_STRIPE_WEBHOOKSECRET}).
 *
 * <p>Not {@code @ConditionalOnProperty}: that matches a property whose value is an empty string,
 * which is exactly what {@code secret-key=${SAMIZDAT_STRIPE_SECRET_KEY:}} in application.properties
 * yields when the variable is unset. Such a site must stay in test mode, not start a provider that
 * fails on every checkout. With only one of the two set, Stripe stays off too: taking money whose
 * webhooks we cannot verify would lose gifts.
 */
public final class StripeConfigured extends SpringBootCondition {

  static final String PREFIX = "samizdat.revenue.stripe";

  /** For other beans (the test-mode provider) that must know whether Stripe is on. */
  public static boolean isConfigured(Environment environment) {
    Binder binder = Binder.get(environment);
    return hasText(binder, "secret-key") && hasText(binder, "webhook-secret");
  }

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConditionMessage.Builder message = ConditionMessage.forCondition("Stripe configured");
    return isConfigured(context.getEnvironment())
        ? ConditionOutcome.match(
            message.because(PREFIX + ".secret-key and .webhook-secret are set"))
        : ConditionOutcome.noMatch(
            message.because(PREFIX + ".secret-key or .webhook-secret is empty"));
  }

  private static boolean hasText(Binder binder, String name) {
    return binder
        .bind(PREFIX + "." + name, String.class)
        .map(StripeSettings::hasText)
        .orElse(false);
  }
}
