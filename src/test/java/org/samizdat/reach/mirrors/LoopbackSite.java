package org.samizdat.reach.mirrors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A pretend mirror on 127.0.0.1: fixed pages by path, everything else 404. Never leaves the
 * machine.
 */
final class LoopbackSite implements AutoCloseable {

  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, byte[]> pages = new ConcurrentHashMap<>();
  private volatile int frontStatus = 200;
  private volatile long delayMillis;
  private final CountDownLatch closed = new CountDownLatch(1);

  LoopbackSite() {
    this(null);
  }

  /**
   * @param fallback answers paths without a page of their own; null for 404
   */
  LoopbackSite(Handler fallback) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (delayMillis > 0) {
              // a slow mirror: holds the answer back that long, or until the site is closed
              try {
                closed.await(delayMillis, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            String path = exchange.getRequestURI().getPath();
            byte[] page = pages.get(path);
            if (page != null) {
              int status = "/".equals(path) ? frontStatus : 200;
              exchange
                  .getResponseHeaders()
                  .set(
                      "Content-Type",
                      path.endsWith(".rss") ? "application/rss+xml" : "text/html; charset=utf-8");
              exchange.sendResponseHeaders(status, page.length);
              exchange.getResponseBody().write(page);
            } else if (fallback != null) {
              fallback.handle(exchange);
            } else {
              exchange.sendResponseHeaders(404, -1);
            }
          }
        });
    server.start();
  }

  LoopbackSite page(String path, String body) {
    pages.put(path, body.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  LoopbackSite frontStatus(int status) {
    frontStatus = status;
    return this;
  }

  LoopbackSite delay(long millis) {
    delayMillis = millis;
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An address on 127.0.0.1 where nothing listens: connections are refused at once. */
  static String nobodyListening() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
