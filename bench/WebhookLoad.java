import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fires signed test-mode CheckoutCompleted events at /webhooks/testmode from a few concurrent
 * connections: every event once, plus a share delivered again (as a provider retries), shuffled so
 * that some repeats race their original. Signed exactly as the test-mode provider signs: header
 * {@code samizdat-testmode-signature: t=<unix s>,v1=hex(HMAC-SHA256(secret, t + "." + body))}.
 *
 * <pre>java WebhookLoad.java URL SECRET RUN_ID EVENTS DUPLICATE_SHARE CONCURRENCY [bad-signature]
 * </pre>
 *
 * Prints one line "RESULT deliveries=.. events=.. seconds=.. ok=.. rejected=.. failed=.." and a
 * latency summary. With "bad-signature" every delivery carries a wrong signature (the reference:
 * HTTP and signature check, no database work).
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

    Random random = new Random(42);
    List<Integer> deliveries = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      deliveries.add(i);
    }
    Collections.shuffle(deliveries, random);
    int repeats = (int) Math.round(events * duplicateShare);
    for (int r = 0; r < repeats; r++) {
      if (r % 4 == 0) {
        // right behind its original, so that the two race on different connections
        int at = random.nextInt(deliveries.size());
        deliveries.add(at + 1, deliveries.get(at));
      } else {
        deliveries.add(random.nextInt(deliveries.size() + 1), random.nextInt(events));
      }
    }
    if (deliveries.stream().distinct().count() != events) {
      throw new IllegalStateException("not every event is delivered");
    }

    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ConcurrentHashMap<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    long[] latencies = new long[deliveries.size()];
    AtomicLong firstError = new AtomicLong();
    String[] errorText = new String[1];
    CountDownLatch done = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  Mac mac = Mac.getInstance("HmacSHA256");
                  mac.init(
                      new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                  int k;
                  while ((k = next.getAndIncrement()) < deliveries.size()) {
                    int i = deliveries.get(k);
                    String body = payload(run, i);
                    long t = Instant.now().getEpochSecond();
                    String signature =
                        HexFormat.of()
                            .formatHex(
                                mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
                    if (badSignature) {
                      signature = signature.substring(1) + (signature.charAt(0) == '0' ? '1' : '0');
                    }
                    HttpRequest request =
                        HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header("samizdat-testmode-signature", "t=" + t + ",v1=" + signature)
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                            .build();
                    long s = System.nanoTime();
                    try {
                      HttpResponse<String> r =
                          http.send(request, HttpResponse.BodyHandlers.ofString());
                      latencies[k] = System.nanoTime() - s;
                      statuses
                          .computeIfAbsent(
                              Integer.toString(r.statusCode()), x -> new AtomicInteger())
                          .incrementAndGet();
                      if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                      } else if (r.statusCode() == 400) {
                        rejected.incrementAndGet();
                        if (!badSignature && firstError.compareAndSet(0, 1)) {
                          errorText[0] = r.body();
                        }
                      } else {
                        failed.incrementAndGet();
                        if (firstError.compareAndSet(0, 1)) {
                          errorText[0] = r.statusCode() + " " + r.body();
                        }
                      }
                    } catch (Exception e) {
                      latencies[k] = System.nanoTime() - s;
                      failed.incrementAndGet();
                      if (firstError.compareAndSet(0, 1)) {
                        errorText[0] = e.toString();
                      }
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                } finally {
                  done.countDown();
                }
              });
      worker.start();
    }
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = latencies.clone();
    java.util.Arrays.sort(sorted);
    System.out.printf(
        "statuses %s; latency ms p50 %.1f p99 %.1f max %.1f%n",
        statuses,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
    if (errorText[0] != null) {
      System.out.println("first unexpected answer: " + errorText[0].trim());
    }
    System.out.printf(
        "RESULT deliveries=%d events=%d seconds=%.3f ok=%d rejected=%d failed=%d%n",
        deliveries.size(), events, seconds, ok.get(), rejected.get(), failed.get());
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
