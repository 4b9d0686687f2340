import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Fires signed test-mode CheckoutCompleted events at /webhooks/testmode from a few concurrent
 * connections: every event once, plus a share delivered again (as a provider retries), shuffled so
 * that some repeats race their original (the firing and counting: {@link WebhookFire}). Signed
 * exactly as the test-mode provider signs: header {@code samizdat-testmode-signature: t=<unix
 * s>,v1=hex(HMAC-SHA256(secret, t + "." + body))}.
 *
 * <pre>javac -d classes WebhookLoad.java WebhookFire.java
 * java -cp classes WebhookLoad URL SECRET RUN_ID EVENTS DUPLICATE_SHARE CONCURRENCY [bad-signature]
 * </pre>
 *
 * (or, on Java 22 and later, {@code java WebhookLoad.java ...}, which finds WebhookFire.java beside
 * it).
 *
 * <p>Prints one line "RESULT deliveries=.. events=.. seconds=.. ok=.. rejected=.. failed=..
 * cpu_ms=.." and a latency summary. With "bad-signature" every delivery carries a wrong signature
 * (the reference: HTTP and signature check, no database work).
 */
public class WebhookLoad {

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String secret = args[1];
    String run = args[2];
    int events = Integer.parseInt(args[3]);
    double duplicateShare = Double.parseDouble(args[4]);
    int concurrency = Integer.parseInt(args[5]);
    boolean badSignature = args.length > 6 && args[6].equals("bad-signature");
    WebhookFire.fire(
        events,
        duplicateShare,
        concurrency,
        secret,
        badSignature,
        (i, again, k, mac) -> {
          String body = payload(run, i);
          long t = Instant.now().getEpochSecond();
          String signature =
              HexFormat.of()
                  .formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
          if (badSignature) {
            signature = WebhookFire.forged(signature);
          }
          return WebhookFire.post(
              url,
              body,
              "Content-Type",
              "application/json",
              "samizdat-testmode-signature",
              "t=" + t + ",v1=" + signature);
        });
  }

  static final Instant OCCURRED = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

  /** A CheckoutCompleted as TestModeWebhooks.payload writes it: {"type":..., "event":{...}}. */
  static String payload(String run, int i) {
    String id = run + "_" + i;
    return "{\"type\":\"CheckoutCompleted\",\"event\":{"
        + "\"eventId\":\"evt_bench_"
        + id
        + "\","
        + "\"occurredAt\":\""
        + OCCURRED.minusSeconds(i % 600)
        + "\","
        + "\"checkoutId\":null,"
        + "\"email\":\"reader"
        + id
        + "@bench.test\","
        + "\"name\":\"Bench reader "
        + i
        + "\","
        + "\"amount\":{\"minor\":"
        + (500 + (i % 20) * 100)
        + ",\"currency\":\"USD\"},"
        + "\"frequency\":\"ONCE\","
        + "\"customerId\":\"cus_bench_"
        + id
        + "\","
        + "\"subscriptionId\":null,"
        + "\"paymentId\":\"pi_bench_"
        + id
        + "\"}}";
  }
}
