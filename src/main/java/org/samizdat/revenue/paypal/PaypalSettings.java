package org.samizdat.revenue.paypal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PayPal's REST app and webhook, as the newsroom configured them.
 *
 * @param clientId the REST app's client id
 * @param clientSecret the REST app's secret
 * @param webhookId the id PayPal gave the webhook that points at /webhooks/paypal; every delivery
 *     is verified against it
 * @param apiBase {@code sandbox}, {@code live}, or an address (tests point it at a local fake)
 * @param connectTimeout how long to wait for PayPal to accept a connection: a reader is waiting
 * @param requestTimeout how long one call to PayPal may take in all
 */
@ConfigurationProperties("samizdat.revenue.paypal")
public record PaypalSettings(
    String clientId,
    String clientSecret,
    String webhookId,
    String apiBase,
    @DefaultValue("3s") Duration connectTimeout,
    @DefaultValue("10s") Duration requestTimeout) {

  static final String SANDBOX = "https://api-m.sandbox.paypal.com";
  static final String LIVE = "https://api-m.paypal.com";

  public PaypalSettings {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(3) : connectTimeout;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
  }

  /** The environment variables still missing for a real PayPal rail; empty when complete. */
  public List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (!hasText(clientId)) {
      missing.add("SAMIZDAT_PAYPAL_CLIENT_ID");
    }
    if (!hasText(clientSecret)) {
      missing.add("SAMIZDAT_PAYPAL_CLIENT_SECRET");
    }
    if (!hasText(webhookId)) {
      missing.add("SAMIZDAT_PAYPAL_WEBHOOK_ID");
    }
    if (!hasText(apiBase)) {
      missing.add("SAMIZDAT_PAYPAL_API_BASE");
    }
    return missing;
  }

  /** Nothing at all set: the newsroom has not started with PayPal, so its local test mode runs. */
  public boolean untouched() {
    return missing().size() == 4;
  }

  public boolean isConfigured() {
    return missing().isEmpty();
  }

  /** The API's address: PayPal's sandbox or live host, or the configured address as it is. */
  public String resolvedApiBase() {
    String base = apiBase == null ? "" : apiBase.trim();
    return switch (base.toLowerCase(Locale.ROOT)) {
      case "sandbox" -> SANDBOX;
      case "live" -> LIVE;
      default -> base.replaceAll("/+$", "");
    };
  }

  static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }

  /** Keeps the secret out of logs and error pages. */
  @Override
  public String toString() {
    return "PaypalSettings[clientId="
        + clientId
        + ", clientSecret="
        + (hasText(clientSecret) ? "(set)" : "(empty)")
        + ", webhookId="
        + webhookId
        + ", apiBase="
        + apiBase
        + "]";
  }
}
