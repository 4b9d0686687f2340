package org.samizdat.revenue.stripe;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Stripe tests share: a fixed clock, the secrets, fixtures, and reading what the SDK sent.
 */
final class StripeTestSupport {

  static final String SECRET_KEY = "sk_test_51Samizdat0000000000000000000000";
  static final String WEBHOOK_SECRET = "whsec_Zb4T2v9Lq1Nw8Xk3Rm7Pd5Hs0Yc6Fa2J";

  /** 2026-04-14T09:30:00Z; the fixtures' events were created five seconds earlier. */
  static final Instant NOW = Instant.ofEpochSecond(1_776_159_000L);

  static final Instant EVENT_CREATED = NOW.minusSeconds(5);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private StripeTestSupport() {}

  static StripeSettings settings(String apiBase, String productId) {
    return new StripeSettings(
        SECRET_KEY, WEBHOOK_SECRET, apiBase, Duration.ofMinutes(5), productId);
  }

  static StripeProvider provider(String apiBase) {
    return new StripeProvider(settings(apiBase, null), CLOCK);
  }

  static String fixture(String name) {
    try (InputStream in = StripeTestSupport.class.getResourceAsStream("/stripe/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No fixture src/test/resources/stripe/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The form-encoded parameters of a request the SDK sent, keys as Stripe reads them: {@code
   * a[b][0]}.
   */
  static Map<String, String> form(LoggedRequest request) {
    return query(request.getBodyAsString());
  }

  static Map<String, String> query(String encoded) {
    Map<String, String> params = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
