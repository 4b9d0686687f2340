package org.samizdat.revenue.testmode;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import org.samizdat.revenue.testmode.TestModeSessionRepository.Session;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
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
  private final TestModeSessionRepository sessions;
  private final Clock clock;
  private final Environment environment;
  private volatile Mac keyed;

  TestModeProvider(
      AppSecrets secrets,
      TestModeSessionRepository sessions,
      Clock clock,
      Environment environment) {
    this.secrets = secrets;
    this.sessions = sessions;
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
    sessions.insert(
        new Session(request.checkoutId(), request.successUrl(), request.cancelUrl()),
        clock.instant());
    return new CheckoutSession(
        "cs_test_" + request.checkoutId(), "/support/testmode/" + request.checkoutId());
  }

  Optional<Session> session(UUID checkoutId) {
    return sessions.find(checkoutId);
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
    byte[] expected = signature(t, payload);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(v1);
    } catch (IllegalArgumentException e) {
      throw new WebhookRejected("signature does not match");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new WebhookRejected("signature does not match");
    }
    if (Math.abs(clock.instant().getEpochSecond() - t) > TOLERANCE.toSeconds()) {
      throw new WebhookRejected(
          "timestamp outside the " + TOLERANCE.toMinutes() + "-minute tolerance");
    }
    try {
      return List.of(read(payload));
    } catch (RuntimeException e) {
      throw new WebhookRejected("body is not a readable event: " + e.getMessage(), e);
    }
  }

  /**
   * {"type": ..., "event": {...}} read in one pass, the event straight into its record (no tree of
   * the body first); only an envelope that names its type after the event is read as a tree.
   */
  static PaymentEvent read(byte[] payload) throws WebhookRejected {
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new WebhookRejected("body is not a readable event: not a JSON object");
      }
      String type = null;
      PaymentEvent event = null;
      JsonNode early = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("type") && value == JsonToken.VALUE_STRING) {
          type = parser.getString();
        } else if (name.equals("event") && type != null) {
          event = eventReader(type).readValue(parser);
        } else if (name.equals("event")) {
          early = TREE.readValue(parser);
        } else {
          parser.skipChildren();
        }
      }
      if (type == null) {
        throw new WebhookRejected("unknown event type");
      }
      if (event == null && early != null) {
        event = eventReader(type).readValue(early);
      }
      if (event == null) {
        throw new WebhookRejected("body is not a readable event: no event");
      }
      return event;
    }
  }

  /**
   * A reader per event type, made once; the envelope goes on after the event, so no trailing check.
   */
  private static final Map<String, ObjectReader> READERS = eventReaders();

  private static final ObjectReader TREE =
      JSON.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static Map<String, ObjectReader> eventReaders() {
    Map<String, ObjectReader> readers = new java.util.HashMap<>();
    for (Class<?> c : PaymentEvent.class.getPermittedSubclasses()) {
      readers.put(
          c.getSimpleName(),
          JSON.readerFor(c).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS));
    }
    return Map.copyOf(readers);
  }

  private static ObjectReader eventReader(String type) throws WebhookRejected {
    ObjectReader reader = READERS.get(type);
    if (reader == null) {
      throw new WebhookRejected("unknown event type");
    }
    return reader;
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
    return HexFormat.of().formatHex(mac().doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  /** HMAC-SHA256 of {@code t + "." + body} without building the string. */
  private byte[] signature(long t, byte[] payload) {
    Mac mac = mac();
    mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
    return mac.doFinal(payload);
  }

  /** A fresh Mac from one keyed once (the key's secret is read and set up once, not per event). */
  private Mac mac() {
    Mac keyed = this.keyed;
    if (keyed == null) {
      try {
        keyed = Mac.getInstance("HmacSHA256");
        keyed.init(
            new SecretKeySpec(
                secrets.get("testmode-webhook").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
      this.keyed = keyed;
    }
    try {
      return (Mac) keyed.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
