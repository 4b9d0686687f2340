package org.samizdat.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One blocking HTTP/1.1 exchange over {@link HttpURLConnection}, on the JDK's kept-alive
 * connections (the application raises {@code http.maxConnections} so that more than 5 stay open per
 * host).
 *
 * <p>For calls made on every payment webhook (BTCPay's and PayPal's read-backs, PayPal's signature
 * check): the JDK's {@link java.net.http.HttpClient} spent more CPU on its asynchronous machinery
 * (a selector thread, futures, a filter chain made per request) than on the exchange itself, a
 * third of a webhook's CPU. The answer is always read to its end and closed, so its connection goes
 * back to the keep-alive cache. It cannot send PATCH (HttpURLConnection refuses the method).
 */
public final class PlainHttp {

  /** What the server answered: its status, body and headers (names in lower case). */
  public record Answer(int status, byte[] body, Map<String, List<String>> headers) {

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, or null. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
          return h.getValue().get(0);
        }
      }
      return null;
    }
  }

  private PlainHttp() {}

  /**
   * @param headers request headers, in order
   * @param body the request's body, or null for none
   * @param readTimeout how long to wait for each read of the answer
   * @throws IOException the server could not be reached, or did not answer in time
   */
  public static Answer exchange(
      String method,
      String url,
      Map<String, String> headers,
      byte[] body,
      Duration connectTimeout,
      Duration readTimeout)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout((int) connectTimeout.toMillis());
    c.setReadTimeout((int) readTimeout.toMillis());
    c.setRequestMethod(method);
    headers.forEach(c::setRequestProperty);
    if (body != null) {
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
    byte[] answer;
    try (InputStream stream = in) {
      answer = stream == null ? new byte[0] : stream.readAllBytes();
    }
    return new Answer(status, answer, c.getHeaderFields());
  }
}
