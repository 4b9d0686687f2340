package org.samizdat.reach.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SiteFetcherTests {

  private HttpServer server;
  private final List<String> exportHeaders = new CopyOnWriteArrayList<>();
  private final List<Object> connections = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exportHeaders.add(exchange.getRequestHeaders().getFirst(SiteFetcher.EXPORT_HEADER));
          connections.add(exchange.getRemoteAddress().getPort());
          String path = exchange.getRequestURI().toString();
          byte[] body = ("page " + path + " ").repeat(2_000).getBytes(StandardCharsets.UTF_8);
          switch (path) {
            case "/moved" -> {
              exchange.getResponseHeaders().add("Location", "/section/world");
              exchange.sendResponseHeaders(301, -1);
            }
            case "/gone" -> exchange.sendResponseHeaders(410, -1);
            case "/streamed" -> {
              exchange.getResponseHeaders().add("Content-Type", "text/html;charset=UTF-8");
              exchange.sendResponseHeaders(200, 0); // chunked
              try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < body.length; i += 1_000) {
                  out.write(body, i, Math.min(1_000, body.length - i));
                  out.flush();
                }
              }
            }
            default -> {
              exchange.getResponseHeaders().add("Content-Type", "text/css");
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void readsAnswersWithALengthChunkedOrWithoutABodyOnOneKeptConnection() throws IOException {
    try (SiteFetcher fetcher =
        new SiteFetcher("http://127.0.0.1:" + server.getAddress().getPort())) {
      SiteFetcher.Response css = fetcher.get("/css/site.css?v=1");
      SiteFetcher.Response page = fetcher.get("/streamed");
      SiteFetcher.Response moved = fetcher.get("/moved");
      SiteFetcher.Response gone = fetcher.get("/gone");
      SiteFetcher.Response again = fetcher.get("/css/site.css?v=1");

      assertThat(css.ok()).isTrue();
      assertThat(css.contentType()).isEqualTo("text/css");
      assertThat(new String(css.body(), StandardCharsets.UTF_8))
          .isEqualTo("page /css/site.css?v=1 ".repeat(2_000));
      assertThat(new String(page.body(), StandardCharsets.UTF_8))
          .isEqualTo("page /streamed ".repeat(2_000));
      assertThat(moved.redirect()).isTrue();
      assertThat(moved.location()).isEqualTo("/section/world");
      assertThat(gone.gone()).isTrue();
      assertThat(again.body()).isEqualTo(css.body());
    }
    assertThat(exportHeaders).hasSize(5).containsOnly("1");
    assertThat(connections).as("one connection, kept alive").containsOnly(connections.get(0));
  }

  @Test
  void aKeptConnectionTheServerClosedIsOpenedAgain() throws Exception {
    // answers one request per connection, then closes it without saying so
    try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread answering =
          new Thread(
              () -> {
                for (int i = 0; i < 3; i++) {
                  try (Socket s = rude.accept()) {
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    while (!in.readLine().isEmpty()) {}
                    s.getOutputStream()
                        .write(
                            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      answering.start();
      try (SiteFetcher fetcher = new SiteFetcher("http://127.0.0.1:" + rude.getLocalPort())) {
        assertThat(fetcher.get("/a").body()).asString().isEqualTo("ok");
        assertThat(fetcher.get("/b").body()).asString().isEqualTo("ok");
        assertThat(fetcher.get("/c").body()).asString().isEqualTo("ok");
      }
      answering.join(5_000);
    }
  }
}
