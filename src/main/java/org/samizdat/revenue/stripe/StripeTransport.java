package org.samizdat.revenue.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.HttpHeaders;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * stripe-java's own HttpURLConnection client, less one cost: it describes itself to Stripe in an
 * {@code X-Stripe-Client-User-Agent} header that it builds again for every call, reading Gson's
 * version from a resource inside the jar each time. Inside the app's jar that look-up was a sixth
 * of a Stripe webhook's CPU (each webhook asks Stripe for its payment's balance transaction). The
 * header is built once here; the exchange is otherwise the SDK's (same headers, timeouts, retries
 * by the SDK around it).
 */
final class StripeTransport extends HttpURLConnectionClient {

  private static final String CLIENT_USER_AGENT = buildXStripeClientUserAgentString();

  @Override
  public StripeResponse request(StripeRequest request) throws ApiConnectionException {
    if (request.options().getConnectionProxy() != null) {
      return super.request(request);
    }
    try {
      HttpURLConnection c = (HttpURLConnection) request.url().openConnection();
      c.setConnectTimeout(request.options().getConnectTimeout());
      c.setReadTimeout(request.options().getReadTimeout());
      c.setUseCaches(false);
      for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
        c.setRequestProperty(header.getKey(), String.join(",", header.getValue()));
      }
      c.setRequestProperty("User-Agent", buildUserAgentString(request));
      c.setRequestProperty("X-Stripe-Client-User-Agent", CLIENT_USER_AGENT);
      c.setRequestMethod(request.method().name());
      if (request.content() != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", request.content().contentType());
        try (OutputStream out = c.getOutputStream()) {
          out.write(request.content().byteArrayContent());
        }
      }
      int status = c.getResponseCode();
      Map<String, List<String>> headers = new HashMap<>();
      c.getHeaderFields()
          .forEach(
              (name, values) -> {
                if (name != null) {
                  headers.put(name, values);
                }
              });
      String body;
      try (InputStream in =
          status >= 200 && status < 300 ? c.getInputStream() : c.getErrorStream()) {
        body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new StripeResponse(status, HttpHeaders.of(headers), body);
    } catch (IOException e) {
      throw new ApiConnectionException(
          "IOException during API request to Stripe ("
              + request.url()
              + "): "
              + e.getMessage()
              + " Please check your internet connection and try again.",
          e);
    }
  }
}
