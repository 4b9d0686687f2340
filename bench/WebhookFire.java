import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
    Post request(int event, boolean again, int k, Mac mac) throws Exception;
  }

  /** One delivery: where it goes, its headers (name, value, name, value ...) and its body. */
  record Post(URI url, String[] headers, byte[] body) {}

  static Post post(String url, String body, String... headers) {
    return new Post(URI.create(url), headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** An answer: its status and body. */
  record Response(int status, String body) {}

  /**
   * One worker's kept-alive HTTP/1.1 connection: a request written, its answer read, the next one
   * on the same socket. Plain blocking I/O, because the load generator shares the app's two cores:
   * the JDK's HttpClient spent about as much CPU per delivery as the app's whole HTTP side.
   */
  static final class Connection implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Response send(Post post) throws IOException {
      if (socket == null) {
        socket = new Socket(post.url().getHost(), post.url().getPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
      }
      StringBuilder head =
          new StringBuilder(512)
              .append("POST ")
              .append(post.url().getRawPath())
              .append(" HTTP/1.1\r\nHost: ")
              .append(post.url().getHost())
              .append(':')
              .append(post.url().getPort())
              .append("\r\nContent-Length: ")
              .append(post.body().length)
              .append("\r\n");
      for (int h = 0; h < post.headers().length; h += 2) {
        head.append(post.headers()[h]).append(": ").append(post.headers()[h + 1]).append("\r\n");
      }
      head.append("\r\n");
      byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
      byte[] request = new byte[headBytes.length + post.body().length];
      System.arraycopy(headBytes, 0, request, 0, headBytes.length);
      System.arraycopy(post.body(), 0, request, headBytes.length, post.body().length);
      out.write(request);
      out.flush();
      String status = line();
      if (status == null || !status.startsWith("HTTP/1.1 ")) {
        close();
        throw new IOException("no HTTP answer: " + status);
      }
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean closes = false;
      for (String header = line(); header != null && !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).trim();
        String value = header.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
          chunked = value.equalsIgnoreCase("chunked");
        } else if (name.equalsIgnoreCase("Connection")) {
          closes = value.equalsIgnoreCase("close");
        }
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (chunked) {
        for (int size = Integer.parseInt(line().split(";")[0].trim(), 16);
            size > 0;
            size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
          body.write(in.readNBytes(size));
          line();
        }
        line();
      } else if (length >= 0) {
        body.write(in.readNBytes((int) length));
      } else {
        body.write(in.readAllBytes());
        closes = true;
      }
      if (closes) {
        close();
      }
      return new Response(code, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder(64);
      int c;
      while ((c = in.read()) != -1) {
        if (c == '\n') {
          int n = line.length();
          return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
        }
        line.append((char) c);
      }
      return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
        socket = null;
      }
    }
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
    // what the app asked, by method and path with its ids left out: printed every second, so a
    // report shows that each delivery made the calls it should (a read-back per payment, say)
    java.util.concurrent.ConcurrentSkipListMap<String, java.util.concurrent.atomic.LongAdder>
        calls = new java.util.concurrent.ConcurrentSkipListMap<>();
    java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "calls");
              t.setDaemon(true);
              return t;
            })
        .scheduleAtFixedRate(
            () -> {
              if (!calls.isEmpty()) {
                StringBuilder line = new StringBuilder("calls:");
                calls.forEach((k, v) -> line.append(' ').append(k).append('=').append(v.sum()));
                System.out.println(line);
              }
            },
            1,
            1,
            java.util.concurrent.TimeUnit.SECONDS);
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", port), 256);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.createContext(
        "/",
        exchange -> {
          Answer answer;
          String kind =
              exchange.getRequestMethod()
                  + "_"
                  + exchange
                      .getRequestURI()
                      .getPath()
                      .replaceAll("/(?=[^/]*[0-9])[^/]{4,}", "/{id}");
          calls.computeIfAbsent(kind, k -> new java.util.concurrent.atomic.LongAdder()).increment();
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
    AtomicInteger next = new AtomicInteger();
    Set<Integer> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ConcurrentHashMap<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
    long[] latencies = new long[deliveries.size()];
    AtomicReference<String> firstError = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(concurrency);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      Thread worker =
          new Thread(
              () -> {
                try (Connection http = new Connection()) {
                  Mac mac = hmac(secret);
                  int k;
                  while ((k = next.getAndIncrement()) < deliveries.size()) {
                    int i = deliveries.get(k);
                    Post request = delivery.request(i, !seen.add(i), k, mac);
                    long s = System.nanoTime();
                    try {
                      Response r = http.send(request);
                      latencies[k] = System.nanoTime() - s;
                      statuses
                          .computeIfAbsent(Integer.toString(r.status()), x -> new AtomicInteger())
                          .incrementAndGet();
                      if (r.status() == 200) {
                        ok.incrementAndGet();
                      } else if (r.status() == 400) {
                        rejected.incrementAndGet();
                        if (!badSignature) {
                          firstError.compareAndSet(null, r.body());
                        }
                      } else {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, r.status() + " " + r.body());
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
    double cpuMs = (os.getProcessCpuTime() - cpuStart) / 1e6;
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
        "RESULT deliveries=%d events=%d seconds=%.3f ok=%d rejected=%d failed=%d cpu_ms=%.0f%n",
        deliveries.size(), events, seconds, ok.get(), rejected.get(), failed.get(), cpuMs);
  }
}
