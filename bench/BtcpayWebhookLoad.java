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
 * BTCPay Server webhooks under load, in three roles:
 *
 * <pre>
 * java BtcpayWebhookLoad.java serve PORT STORE_ID      a stand-in Greenfield API: every invoice Settled, $25
 * java BtcpayWebhookLoad.java checkouts RUN_ID EVENTS  CSV rows of the checkouts the invoices belong to
 * java BtcpayWebhookLoad.java URL SECRET STORE_ID RUN_ID EVENTS DUPLICATE_SHARE CONCURRENCY [bad-signature]
 * </pre>
 *
 * The load fires InvoiceSettled events at /webhooks/btcpay from a few concurrent connections: every
 * invoice once, plus a share delivered again with a new deliveryId and isRedelivery true (as
 * BTCPay's redeliver button does), shuffled so that some repeats race their original. Signed as
 * BTCPay signs: {@code BTCPay-Sig: sha256=hex(HMAC-SHA256(secret, body))}. The app reads each
 * invoice back from the stand-in API, as it would from BTCPay. Prints one line "RESULT
 * deliveries=.. events=.. seconds=.. ok=.. rejected=.. failed=.." and a latency summary.
 */
public class BtcpayWebhookLoad {

  public static void main(String[] args) throws Exception {
    if (args[0].equals("serve")) {
      serve(Integer.parseInt(args[1]), args[2]);
      return;
    }
    if (args[0].equals("checkouts")) {
      for (int i = 0; i < Integer.parseInt(args[2]); i++) {
        System.out.println(checkoutId(args[1], i) + ",btcpay,ONCE,2500,USD,en,STARTED," + args[3]);
      }
      return;
    }
    String url = args[0];
    String secret = args[1];
    String store = args[2];
    String run = args[3];
    int events = Integer.parseInt(args[4]);
    double duplicateShare = Double.parseDouble(args[5]);
    int concurrency = Integer.parseInt(args[6]);
    boolean badSignature = args.length > 7 && args[7].equals("bad-signature");

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
    java.util.Set<Integer> seen = ConcurrentHashMap.newKeySet();
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
                    boolean again = !seen.add(i);
                    String body = payload(run, store, i, again, k);
                    String signature =
                        HexFormat.of()
                            .formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
                    if (badSignature) {
                      signature = signature.substring(1) + (signature.charAt(0) == '0' ? '1' : '0');
                    }
                    HttpRequest request =
                        HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .header("BTCPay-Sig", "sha256=" + signature)
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

  static final long TIMESTAMP = Instant.now().getEpochSecond();

  /** Our checkout id behind invoice i of a run: the same in every role. */
  static java.util.UUID checkoutId(String run, int i) {
    return java.util.UUID.nameUUIDFromBytes((run + "-" + i).getBytes(StandardCharsets.UTF_8));
  }

  /** The invoice id carries the checkout id, so the stand-in API needs no state. */
  static String invoiceId(String run, int i) {
    return checkoutId(run, i).toString().replace("-", "");
  }

  /** An InvoiceSettled event as BTCPay's WebhookSender serializes it. */
  static String payload(String run, String store, int i, boolean redelivery, int k) {
    String delivery = "Bench" + run + "d" + k;
    return "{\"manuallyMarked\":false,\"overPaid\":false,\"deliveryId\":\""
        + delivery
        + "\",\"webhookId\":\"BenchHook\",\"originalDeliveryId\":\""
        + (redelivery ? "Bench" + run + "o" + i : delivery)
        + "\",\"isRedelivery\":"
        + redelivery
        + ",\"type\":\"InvoiceSettled\",\"timestamp\":"
        + TIMESTAMP
        + ",\"storeId\":\""
        + store
        + "\",\"invoiceId\":\""
        + invoiceId(run, i)
        + "\",\"metadata\":{\"orderId\":\""
        + checkoutId(run, i)
        + "\"}}";
  }

  /** GET /api/v1/stores/{store}/invoices/{id}: Settled, $25, metadata.orderId from the id. */
  static void serve(int port, String store) throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", port), 256);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    String prefix = "/api/v1/stores/" + store + "/invoices/";
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body;
          int status;
          if (exchange.getRequestMethod().equals("GET")
              && path.startsWith(prefix)
              && path.length() == prefix.length() + 32) {
            String id = path.substring(prefix.length());
            String order =
                id.substring(0, 8)
                    + "-"
                    + id.substring(8, 12)
                    + "-"
                    + id.substring(12, 16)
                    + "-"
                    + id.substring(16, 20)
                    + "-"
                    + id.substring(20);
            status = 200;
            body =
                ("{\"id\":\""
                        + id
                        + "\",\"storeId\":\""
                        + store
                        + "\",\"amount\":\"25.00\",\"paidAmount\":\"25.00\",\"currency\":\"USD\","
                        + "\"type\":\"Standard\",\"checkoutLink\":\"http://127.0.0.1/i/"
                        + id
                        + "\",\"createdTime\":1592312018,\"expirationTime\":1592312918,"
                        + "\"monitoringExpiration\":1592398418,\"status\":\"Settled\","
                        + "\"additionalStatus\":\"None\",\"availableStatusesForManualMarking\":[],"
                        + "\"archived\":false,\"metadata\":{\"orderId\":\""
                        + order
                        + "\"},\"checkout\":{}}")
                    .getBytes(StandardCharsets.UTF_8);
          } else {
            status = 404;
            body =
                "{\"code\":\"invoice-not-found\",\"message\":\"The invoice was not found\"}"
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    System.out.println("serving a stand-in BTCPay store " + store + " on 127.0.0.1:" + port);
  }
}
