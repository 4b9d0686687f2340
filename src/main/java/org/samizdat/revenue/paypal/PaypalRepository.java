package org.samizdat.revenue.paypal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.revenue.Frequency;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the PayPal rail keeps, its plans (one per API, currency and frequency), and what it looks up
 * in revenue's checkouts and subscriptions about the gifts it took.
 */
@Repository
class PaypalRepository {

  private final JdbcClient jdbc;

  PaypalRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A plan made at PayPal, unless another node stored one first. */
  record NewPlan(
      String apiBase, String currency, Frequency frequency, String productId, String planId) {}

  void addPlan(NewPlan plan, Instant now) {
    jdbc.sql(
            """
            INSERT INTO paypal_plan (api_base, currency, frequency, product_id, plan_id, created_at)
            VALUES (:base, :currency, :frequency, :product, :plan, :now)
            ON CONFLICT (api_base, currency, frequency) DO NOTHING
            """)
        .param("base", plan.apiBase())
        .param("currency", plan.currency())
        .param("frequency", plan.frequency().name())
        .param("product", plan.productId())
        .param("plan", plan.planId())
        .param("now", Timestamp.from(now))
        .update();
  }

  Optional<String> plan(String base, String currency, Frequency frequency) {
    return jdbc.sql(
            "SELECT plan_id FROM paypal_plan WHERE api_base = :base AND currency = :currency AND frequency = :frequency")
        .param("base", base)
        .param("currency", currency)
        .param("frequency", frequency.name())
        .query(String.class)
        .optional();
  }

  boolean subscriptionKnown(String provider, String subscriptionId) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM subscription WHERE provider = :provider AND provider_subscription_id = :sub)")
        .param("provider", provider)
        .param("sub", subscriptionId)
        .query(Boolean.class)
        .single();
  }

  /** The frequency of a checkout opened with this provider. */
  Optional<Frequency> checkoutFrequency(UUID checkoutId, String provider) {
    return jdbc.sql("SELECT frequency FROM checkout WHERE id = :id AND provider = :provider")
        .param("id", checkoutId)
        .param("provider", provider)
        .query(String.class)
        .optional()
        .map(Frequency::valueOf);
  }

  /** The PayPal order a checkout opened. */
  Optional<String> orderId(UUID checkoutId) {
    return jdbc.sql("SELECT provider_session_id FROM checkout WHERE id = :id")
        .param("id", checkoutId)
        .query(String.class)
        .optional();
  }
}
