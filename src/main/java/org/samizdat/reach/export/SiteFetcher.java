package org.samizdat.reach.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the site from this app's own web server over loopback, so the copy holds the very bytes a
 * reader gets (page cache, templates, headers and all), never a second rendering of them.
 */
final class SiteFetcher {

  /**
   * Sent with every request of the export. The site does not count these as readers' views (an
   * export reads every article; counting it would put every story in "most read").
   */
  static final String EXPORT_HEADER = "X-Samizdat-Export";

  record Response(int status, String contentType, String location, byte[] body) {
    boolean ok() {
      return status == 200;
    }

    boolean redirect() {
      return status >= 300 && status < 400 && location != null;
    }

    boolean gone() {
      return status == 404 || status == 410;
    }
  }

  private final String origin;
  private final HttpClient http;

  /**
   * @param origin the app's own server, {@code http://127.0.0.1:8080}
   */
  SiteFetcher(String origin) {
    this.origin = origin;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  String origin() {
    return origin;
  }

  /**
   * @param request a path and query, {@code /section/world?page=2}
   */
  Response get(String request) throws IOException {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(origin + request))
            .timeout(Duration.ofSeconds(60))
            .header(EXPORT_HEADER, "1")
            .header("User-Agent", "Samizdat static export")
            .GET()
            .build();
    try {
      HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Location").orElse(null),
          r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while reading " + request, e);
    }
  }
}
