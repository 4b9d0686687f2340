package org.samizdat.revenue.testmode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.samizdat.platform.Money;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.revenue.CheckoutRequest;
import org.samizdat.revenue.CheckoutSession;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.WebhookRejected;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider that plays a real one's part on this machine, so the default run works end to end: its
 * own checkout page (pay or decline), then a signed webhook delivered over HTTP to {@code
 * /webhooks/testmode}, the same path a real provider's takes. Active only while no real provider is
 * configured, and every page it touches says TEST MODE. No money moves.
 */
@Component
@org.springframework.core.annotation.Order(10) // cards first on the payment methods page
public class TestModeProvider implements PaymentProvider {

  static final String ID = "testmode";
  static final String SIGNATURE_HEADER = "samizdat-testmode-signature";
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final AppSecrets secrets;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final Environment environment;

  TestModeProvider(AppSecrets secrets, JdbcClient jdbc, Clock clock, Environment environment) {
    this.secrets = secrets;
    this.jdbc = jdbc;
    this.clock = clock;
    this.environment = environment;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "Test card (TEST MODE: no money moves)";
  }

  @Override
  public Set<Frequency> frequencies() {
    return Set.of(Frequency.ONCE, Frequency.MONTHLY, Frequency.ANNUAL);
  }

  @Override
  public boolean isTestMode() {
    return true;
  }

  @Override
  public CheckoutSession startCheckout(CheckoutRequest request) {
    jdbc.sql(
            "INSERT INTO testmode_session (checkout_id, success_url, cancel_url, created_at) VALUES (:id, :ok, :cancel, :now)")
        .param("id", request.checkoutId())
        .param("ok", request.successUrl())
        .param("cancel", request.cancelUrl())
        .param("now", Timestamp.from(clock.instant()))
        .update();
    return new CheckoutSession(
        "cs_test_" + request.checkoutId(), "/support/testmode/" + request.checkoutId());
  }

  record Session(UUID checkoutId, String successUrl, String cancelUrl) {}

  Optional<Session> session(UUID checkoutId) {
    return jdbc.sql(
            "SELECT checkout_id, success_url, cancel_url FROM testmode_session WHERE checkout_id = :id")
        .param("id", checkoutId)
        .query(
            (rs, n) -> new Session(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
        .optional();
  }

  /**
   * The reader pressed Pay on our checkout page: tell the app, as a provider would, by signed
   * webhook.
   */
  void pay(UUID checkoutId, String email, Frequency frequency, Money amount) {
    Instant now = clock.instant();
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    PaymentEvent event =
        new PaymentEvent.CheckoutCompleted(
            "evt_test_" + suffix,
            now,
            checkoutId,
            email,
            amount,
            frequency,
            email == null ? null : "cus_test_" + suffix,
            frequency.isRecurring() ? "sub_test_" + suffix : null,
            frequency.isRecurring() ? null : "pi_test_" + suffix);
    deliver(event);
  }

  /** Sends one signed event to this app's webhook endpoint, exactly as the provider side would. */
  public void deliver(PaymentEvent event) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("type", event.getClass().getSimpleName());
    envelope.put("event", event);
    String payload = JSON.writeValueAsString(envelope);
    long t = clock.instant().getEpochSecond();
    HttpRequest request =
        LocalWebhooks.toWebhook(environment, ID)
            .header(SIGNATURE_HEADER, "t=" + t + ",v1=" + sign(t + "." + payload))
            .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
            .build();
    LocalWebhooks.deliver(request, "test-mode webhook");
  }

  @Override
  public List<PaymentEvent> readWebhook(byte[] payload, Map<String, String> headers)
      throws WebhookRejected {
    String header = headers.get(SIGNATURE_HEADER);
    if (header == null || header.isBlank()) {
      throw new WebhookRejected("missing " + SIGNATURE_HEADER + " header");
    }
    long t = -1;
    String v1 = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length == 2 && kv[0].equals("t")) {
        try {
          t = Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          throw new WebhookRejected("malformed timestamp in signature header");
        }
      } else if (kv.length == 2 && kv[0].equals("v1")) {
        v1 = kv[1];
      }
    }
    if (t < 0 || v1 == null) {
      throw new WebhookRejected("signature header lacks t= or v1=");
    }
    String body = new String(payload, StandardCharsets.UTF_8);
    String expected = sign(t + "." + body);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII))) {
      throw new WebhookRejected("signature does not match");
    }
    if (Math.abs(clock.instant().getEpochSecond() - t) > TOLERANCE.toSeconds()) {
      throw new WebhookRejected(
          "timestamp outside the " + TOLERANCE.toMinutes() + "-minute tolerance");
    }
    try {
      JsonNode root = JSON.readTree(body);
      String type = root.get("type").asString();
      for (Class<?> c : PaymentEvent.class.getPermittedSubclasses()) {
        if (c.getSimpleName().equals(type)) {
          return List.of((PaymentEvent) JSON.treeToValue(root.get("event"), c));
        }
      }
      throw new WebhookRejected("unknown event type");
    } catch (RuntimeException e) {
      throw new WebhookRejected("body is not a readable event: " + e.getMessage(), e);
    }
  }

  @Override
  public void cancelSubscription(String providerSubscriptionId) {
    // Nothing to call: the subscription lives only in our database in test mode.
  }

  @Override
  public void changeSubscriptionAmount(
      String providerSubscriptionId, Money amount, Frequency frequency) {
    // Nothing to call in test mode.
  }

  private String sign(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              secrets.get("testmode-webhook").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
