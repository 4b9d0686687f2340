import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the webhook load generators share (WebhookLoad for the test-mode provider,
 * BtcpayWebhookLoad, StripeWebhookLoad and PaypalWebhookLoad for the real rails): the order of
 * deliveries (every event once plus a share of repeats, shuffled so that some repeats race their
 * original), a few concurrent connections firing them, and the answers counted; and for the rails,
 * the checkouts readers opened before paying and a stand-in for the provider's API. Prints a
 * latency summary and one line "RESULT deliveries=.. events=.. seconds=.. ok=.. rejected=..
 * failed=.." that the bench scripts read.
 */
final class WebhookFire {

  private WebhookFire() {}

  /** Builds the request for one delivery; each worker thread has its own HMAC instance. */
  interface Delivery {
    /**
     * @param event the event's number, 0 to events - 1
     * @param again whether this event was delivered before (a repeat)
     * @param k the delivery's position in the run
     */
    HttpRequest request(int event, boolean again, int k, Mac mac) throws Exception;
  }

  /**
   * Every event once, plus {@code duplicateShare} repeats per event, a quarter of them adjacent.
   */
  static List<Integer> deliveries(int events, double duplicateShare) {
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
    return deliveries;
  }

  /**
   * Our checkout id behind event i of a run: the same in every role (load, checkouts, stand-in).
   */
  static java.util.UUID checkoutId(String run, int i) {
    return java.util.UUID.nameUUIDFromBytes((run + "-" + i).getBytes(StandardCharsets.UTF_8));
  }

  /** A checkout id as 32 hex digits: provider ids carry it, so a stand-in API needs no state. */
  static String hex(java.util.UUID id) {
    return id.toString().replace("-", "");
  }

  /** The checkout id back from 32 hex digits. */
  static java.util.UUID fromHex(String hex) {
    return java.util.UUID.fromString(
        hex.substring(0, 8)
            + "-"
            + hex.substring(8, 12)
            + "-"
            + hex.substring(12, 16)
            + "-"
            + hex.substring(16, 20)
            + "-"
            + hex.substring(20, 32));
  }

  /**
   * CSV rows (for COPY checkout FROM STDIN) of the checkouts readers opened before paying: one per
   * event of a run, $25 once, in English.
   */
  static void printCheckouts(String provider, String run, int events, String createdAt) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < events; i++) {
      out.append(checkoutId(run, i))
          .append(',')
          .append(provider)
          .append(",ONCE,2500,USD,en,STARTED,")
          .append(createdAt)
          .append('\n');
    }
    System.out.print(out);
  }

  /** hex(HMAC-SHA256) of a text with the worker's keyed Mac. */
  static String hmacHex(Mac mac, String data) {
    return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  /** A stand-in provider API's answer to one request. */
  record Answer(int status, String json) {}

  /** What a stand-in provider API answers. */
  interface Api {
    Answer answer(String method, String path, byte[] body) throws Exception;
  }

  /**
   * Serves a stand-in provider API on 127.0.0.1:port (JSON answers, kept-alive connections) and
   * prints "serving WHAT on ..." once it listens.
   */
  static void serve(int port, String what, Api api) throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", port), 256);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        exchange -> {
          Answer answer;
          try (java.io.InputStream in = exchange.getRequestBody()) {
            answer =
                api.answer(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    in.readAllBytes());
          } catch (Exception e) {
            answer = new Answer(500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
          }
          byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    System.out.println("serving " + what + " on 127.0.0.1:" + port);
  }

  static Mac hmac(String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return mac;
  }

  /** A hex signature with one digit changed: what a forger without the secret sends. */
  static String forged(String signature) {
    return signature.substring(1) + (signature.charAt(0) == '0' ? '1' : '0');
  }

  /**
   * Fires the deliveries from {@code concurrency} connections and prints what came back.
   *
   * @param badSignature every delivery is forged: a 400 is the expected answer, not an error
   */
  static void fire(
      int events,
      double duplicateShare,
      int concurrency,
      String secret,
      boolean badSignature,
      Delivery delivery)
      throws Exception {
    List<Integer> deliveries = deliveries(events, duplicateShare);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    AtomicInteger next = new AtomicInteger();
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ConcurrentHashMap<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    long[] latencies = new long[deliveries.size()];
    AtomicReference<String> firstError = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  Mac mac = hmac(secret);
                  int k;
                  while ((k = next.getAndIncrement()) < deliveries.size()) {
                    int i = deliveries.get(k);
                    HttpRequest request = delivery.request(i, !seen.add(i), k, mac);
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
                        if (!badSignature) {
                          firstError.compareAndSet(null, r.body());
                        }
                      } else {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, r.statusCode() + " " + r.body());
                      }
                    } catch (Exception e) {
                      latencies[k] = System.nanoTime() - s;
                      failed.incrementAndGet();
                      firstError.compareAndSet(null, e.toString());
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
    Arrays.sort(sorted);
    System.out.printf(
        "statuses %s; latency ms p50 %.1f p99 %.1f max %.1f%n",
        statuses,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
    if (firstError.get() != null) {
      System.out.println("first unexpected answer: " + firstError.get().trim());
    }
    System.out.printf(
        "RESULT deliveries=%d events=%d seconds=%.3f ok=%d rejected=%d failed=%d%n",
        deliveries.size(), events, seconds, ok.get(), rejected.get(), failed.get());
  }
}
