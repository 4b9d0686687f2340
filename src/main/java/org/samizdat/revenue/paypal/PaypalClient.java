package org.samizdat.revenue.paypal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.samizdat.platform.PlainHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few PayPal REST calls Samizdat makes, over {@link PlainHttp} and Jackson (one on a payment's
 * webhook: read its order; its signature is checked here against PayPal's certificate, fetched once
 * a day): OAuth2 client credentials (the token kept until shortly before it expires), Orders v2,
 * Catalog Products, Billing Plans and Subscriptions v1, and webhook signature verification.
 *
 * <p>Why not the official paypal-server-sdk: it covers Orders and a Subscriptions controller, but
 * not webhook verification, brings Jackson 2 and apimatic's HTTP core beside the Jackson 3 this app
 * uses, and its typed models would be mapped to ours anyway. A dozen calls in plain JSON, with the
 * field names taken from PayPal's published OpenAPI files, are smaller and easier to test against a
 * local fake.
 */
final class PaypalClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);

  private final String environment;
  private final Supplier<String> base;
  private final String clientId;
  private final String clientSecret;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Clock clock;
  private final HttpClient http;
  private final PaypalWebhookSignatures signatures;
  private volatile String token;
  private volatile Instant tokenExpires = Instant.EPOCH;

  /**
   * @param environment names the PayPal environment (its address, or "testmode") in stored rows
   * @param base the API's address, asked for on each call (the local test mode learns its port only
   *     once the server runs)
   */
  PaypalClient(
      String environment,
      Supplier<String> base,
      String clientId,
      String clientSecret,
      Duration connectTimeout,
      Duration requestTimeout,
      Clock clock) {
    this.environment = environment;
    this.base = base;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            // Only for PATCH, which HttpURLConnection cannot send; the rest goes through
            // PlainHttp. HTTP/1.1, each answer read on the connection's own thread.
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Runnable::run)
            .build();
    this.signatures = PaypalWebhookSignatures.forApi(environment, base, this::certificate, clock);
  }

  /** The environment's name in stored rows (plans made in the sandbox are not live ones). */
  String environment() {
    return environment;
  }

  /** PayPal answered with an error, or did not answer in time. */
  static final class PaypalException extends RuntimeException {
    final int status;
    final String issue;
    final String debugId;

    PaypalException(String message, int status, String issue, String debugId, Throwable cause) {
      super(message, cause);
      this.status = status;
      this.issue = issue;
      this.debugId = debugId;
    }

    boolean is(String issueName) {
      return issueName.equals(issue);
    }
  }

  JsonNode createOrder(ObjectNode order, String requestId) {
    return send("POST", "/v2/checkout/orders", order.toString(), requestId);
  }

  JsonNode getOrder(String orderId) {
    return send("GET", "/v2/checkout/orders/" + path(orderId), null, null);
  }

  JsonNode captureOrder(String orderId, String requestId) {
    return send("POST", "/v2/checkout/orders/" + path(orderId) + "/capture", "{}", requestId);
  }

  JsonNode createProduct(ObjectNode product, String requestId) {
    return send("POST", "/v1/catalogs/products", product.toString(), requestId);
  }

  JsonNode createPlan(ObjectNode plan, String requestId) {
    return send("POST", "/v1/billing/plans", plan.toString(), requestId);
  }

  JsonNode createSubscription(ObjectNode subscription, String requestId) {
    return send("POST", "/v1/billing/subscriptions", subscription.toString(), requestId);
  }

  JsonNode getSubscription(String subscriptionId) {
    return send("GET", "/v1/billing/subscriptions/" + path(subscriptionId), null, null);
  }

  void cancelSubscription(String subscriptionId, String reason) {
    ObjectNode body = JSON.createObjectNode().put("reason", reason);
    send(
        "POST",
        "/v1/billing/subscriptions/" + path(subscriptionId) + "/cancel",
        body.toString(),
        null);
  }

  void patchSubscription(String subscriptionId, String jsonPatch) {
    send("PATCH", "/v1/billing/subscriptions/" + path(subscriptionId), jsonPatch, null);
  }

  /**
   * Whether a delivery is genuine: checked here against PayPal's certificate when it comes from
   * where PayPal serves them ({@link PaypalWebhookSignatures}), else asked of PayPal's API. The
   * event goes back exactly as it arrived (its raw bytes, not re-serialised), since PayPal signed
   * those bytes.
   */
  boolean verifyWebhookSignature(
      String authAlgo,
      String certUrl,
      String transmissionId,
      String transmissionSig,
      String transmissionTime,
      String webhookId,
      String rawEvent) {
    PaypalWebhookSignatures.Verdict verdict;
    try {
      verdict =
          signatures.verify(
              authAlgo,
              certUrl,
              transmissionId,
              transmissionSig,
              transmissionTime,
              webhookId,
              utf8(rawEvent));
    } catch (PaypalWebhookSignatures.CertificateUnavailable e) {
      throw new PaypalException(e.getMessage(), 0, null, null, e);
    }
    return switch (verdict) {
      case GENUINE -> true;
      case FORGED -> false;
      case ASK_PAYPAL ->
          askPaypal(
              authAlgo,
              certUrl,
              transmissionId,
              transmissionSig,
              transmissionTime,
              webhookId,
              rawEvent);
    };
  }

  private boolean askPaypal(
      String authAlgo,
      String certUrl,
      String transmissionId,
      String transmissionSig,
      String transmissionTime,
      String webhookId,
      String rawEvent) {
    ObjectNode fields =
        JSON.createObjectNode()
            .put("auth_algo", authAlgo)
            .put("cert_url", certUrl)
            .put("transmission_id", transmissionId)
            .put("transmission_sig", transmissionSig)
            .put("transmission_time", transmissionTime)
            .put("webhook_id", webhookId);
    String body = fields.toString();
    body = body.substring(0, body.length() - 1) + ",\"webhook_event\":" + rawEvent + "}";
    JsonNode answer = send("POST", "/v1/notifications/verify-webhook-signature", body, null);
    return "SUCCESS".equals(answer.path("verification_status").asString(""));
  }

  /**
   * The PEM text at a webhook certificate's address (public: no token). An answer in the 400s means
   * there is no such certificate; anything else that is not a certificate, try later.
   */
  private String certificate(String url) {
    String what = "GET " + url;
    PlainHttp.Answer answer;
    try {
      answer =
          PlainHttp.exchange(
              "GET", url, Map.of("Accept", "*/*"), null, connectTimeout, requestTimeout);
    } catch (IOException e) {
      throw new PaypalWebhookSignatures.CertificateUnavailable(
          unreachable(what, e, e instanceof SocketTimeoutException).getMessage(), e);
    }
    if (answer.status() >= 200 && answer.status() < 300) {
      return answer.text();
    }
    String problem = what + ": PayPal answered HTTP " + answer.status();
    if (answer.status() >= 400 && answer.status() < 500) {
      throw new PaypalWebhookSignatures.NoCertificate(problem);
    }
    throw new PaypalWebhookSignatures.CertificateUnavailable(problem, null);
  }

  private JsonNode send(String method, String path, String body, String requestId) {
    String what = method + " " + path;
    if (method.equals("PATCH")) {
      // HttpURLConnection cannot send PATCH; editors' plan changes are rare, so the HttpClient
      return sendPatch(path, body, what);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token());
    headers.put("Accept", "application/json");
    headers.put("Content-Type", "application/json");
    // the whole object back, not only its id and links
    headers.put("Prefer", "return=representation");
    if (requestId != null) {
      // PayPal's idempotency key: a retried POST with the same id does the work once
      headers.put("PayPal-Request-Id", requestId);
    }
    PlainHttp.Answer answer =
        plainExchange(
            method,
            base.get() + path,
            headers,
            body == null ? (method.equals("POST") ? new byte[0] : null) : utf8(body),
            what);
    if (answer.status() == 401) {
      token = null; // revoked or expired early: the next call fetches a new one
    }
    return read(answer.status(), answer.text(), answer.header("paypal-debug-id"), what);
  }

  private JsonNode sendPatch(String path, String body, String what) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base.get() + path))
            .timeout(requestTimeout)
            .header("Authorization", "Bearer " + token())
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response = exchange(request, what);
    if (response.statusCode() == 401) {
      token = null;
    }
    return read(
        response.statusCode(),
        response.body(),
        response.headers().firstValue("paypal-debug-id").orElse(null),
        what);
  }

  private String token() {
    String current = token;
    if (current != null && clock.instant().isBefore(tokenExpires)) {
      return current;
    }
    synchronized (this) {
      if (token != null && clock.instant().isBefore(tokenExpires)) {
        return token;
      }
      String basic =
          Base64.getEncoder()
              .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", "Basic " + basic);
      headers.put("Accept", "application/json");
      headers.put("Content-Type", "application/x-www-form-urlencoded");
      String what = "POST /v1/oauth2/token";
      PlainHttp.Answer tokenAnswer =
          plainExchange(
              "POST",
              base.get() + "/v1/oauth2/token",
              headers,
              utf8("grant_type=client_credentials"),
              what);
      JsonNode answer =
          read(
              tokenAnswer.status(),
              tokenAnswer.text(),
              tokenAnswer.header("paypal-debug-id"),
              what);
      String accessToken = answer.path("access_token").asString(null);
      if (accessToken == null) {
        throw new PaypalException(
            "PayPal's token answer has no access_token", 200, null, null, null);
      }
      long seconds = answer.path("expires_in").asLong(300);
      Duration lifetime = Duration.ofSeconds(seconds);
      Duration keep =
          lifetime.compareTo(TOKEN_MARGIN.multipliedBy(2)) > 0
              ? lifetime.minus(TOKEN_MARGIN)
              : lifetime.dividedBy(2);
      tokenExpires = clock.instant().plus(keep);
      token = accessToken;
      return accessToken;
    }
  }

  private PlainHttp.Answer plainExchange(
      String method, String url, Map<String, String> headers, byte[] body, String what) {
    try {
      return PlainHttp.exchange(method, url, headers, body, connectTimeout, requestTimeout);
    } catch (IOException e) {
      throw unreachable(what, e, e instanceof SocketTimeoutException);
    }
  }

  private HttpResponse<String> exchange(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unreachable(what, e, e instanceof HttpTimeoutException);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaypalException(what + ": interrupted", 0, null, null, e);
    }
  }

  private PaypalException unreachable(String what, IOException e, boolean timedOut) {
    String reason =
        timedOut
            ? "PayPal did not answer within " + requestTimeout.toSeconds() + " s"
            : "could not reach PayPal (" + e.getMessage() + ")";
    return new PaypalException(what + ": " + reason, 0, null, null, e);
  }

  private static JsonNode read(int status, String text, String debugHeader, String what) {
    String body = text == null ? "" : text;
    JsonNode json;
    try {
      json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (RuntimeException e) {
      json = JSON.createObjectNode();
    }
    if (status >= 200 && status < 300) {
      return json;
    }
    String issue = json.path("details").path(0).path("issue").asString(null);
    if (issue == null) {
      issue = json.path("name").asString(json.path("error").asString(null));
    }
    String debugId = json.path("debug_id").asString(debugHeader);
    throw new PaypalException(
        what
            + ": PayPal answered HTTP "
            + status
            + (issue == null ? "" : " " + issue)
            + (debugId == null ? "" : " (debug id " + debugId + ")"),
        status,
        issue,
        debugId,
        null);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String path(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
