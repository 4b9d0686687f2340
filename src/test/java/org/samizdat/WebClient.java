package org.samizdat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A small HTTP client for tests: keeps cookies like a browser, reads CSRF tokens from forms, never
 * follows redirects.
 */
public final class WebClient {

  private final String base;
  private final HttpClient http;
  private String csrf;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public WebClient(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  public record Response(int status, Map<String, List<String>> headers, byte[] bytes) {
    public String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    public Document html() {
      return Jsoup.parse(body());
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .findFirst()
          .map(e -> e.getValue().get(0))
          .orElse(null);
    }

    public String location() {
      return header("Location");
    }
  }

  /**
   * Sends this header with every request from now on (e.g. {@code X-Forwarded-For}, to come from
   * another address through a trusted proxy).
   */
  public WebClient header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Response get(String path, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    headers.forEach(b::header);
    return send(b);
  }

  /** GETs a page and remembers the CSRF token of its first form, as a browser would have it. */
  public Response open(String path) {
    Response r = get(path);
    var token = r.html().selectFirst("input[name=_csrf]");
    if (token != null) {
      csrf = token.val();
    }
    return r;
  }

  public String csrf() {
    return csrf;
  }

  public Response post(String path, Map<String, String> form) {
    return postForm(path, form, true);
  }

  public Response postForm(String path, Map<String, String> form, boolean withCsrf) {
    Map<String, String> all = new LinkedHashMap<>(form);
    if (withCsrf && csrf != null) {
      all.putIfAbsent("_csrf", csrf);
    }
    StringBuilder body = new StringBuilder();
    all.forEach(
        (k, v) -> {
          if (body.length() > 0) {
            body.append('&');
          }
          body.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8));
        });
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /**
   * POSTs a JSON body as a page's script does, with the remembered CSRF token in the {@code
   * X-CSRF-TOKEN} header unless {@code withCsrf} is false; {@code json} null sends no body.
   */
  public Response postJson(String path, String json, boolean withCsrf) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .POST(
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (withCsrf && csrf != null) {
      b.header("X-CSRF-TOKEN", csrf);
    }
    return send(b);
  }

  /** A multipart form: values are strings, or {@link FilePart} for files. */
  public Response postMultipart(String path, Map<String, Object> fields) {
    String boundary = "----samizdat" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Object> all = new LinkedHashMap<>(fields);
    if (csrf != null) {
      all.putIfAbsent("_csrf", csrf);
    }
    try {
      for (Map.Entry<String, Object> e : all.entrySet()) {
        List<?> values = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
        for (Object value : values) {
          out.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
          if (value instanceof FilePart f) {
            out.write(
                ("Content-Disposition: form-data; name=\""
                        + e.getKey()
                        + "\"; filename=\""
                        + f.filename()
                        + "\"\r\nContent-Type: "
                        + f.contentType()
                        + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(f.bytes());
          } else {
            out.write(
                ("Content-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
          }
          out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
      }
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
  }

  public record FilePart(String filename, String contentType, byte[] bytes) {}

  public void login(String email, String password) {
    open("/newsroom/login");
    Response r = post("/newsroom/login", Map.of("email", email, "password", password));
    assertThat(r.status()).as("login redirects").isEqualTo(302);
    assertThat(r.location())
        .as("login succeeded for " + email)
        .doesNotContain("error")
        .doesNotContain("wait=");
    open("/newsroom/articles");
  }

  private URI uri(String path) {
    return URI.create(path.startsWith("http") ? path : base + path);
  }

  private Response send(HttpRequest.Builder request) {
    headers.forEach(request::setHeader);
    try {
      HttpResponse<byte[]> r =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
