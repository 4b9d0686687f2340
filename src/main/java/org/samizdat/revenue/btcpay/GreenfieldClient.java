package org.samizdat.revenue.btcpay;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlainHttp;
import org.samizdat.revenue.PaymentProviderUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few calls of BTCPay Server's Greenfield API the rail needs, over the JDK's HttpClient: create
 * an invoice, read one back, read what its payment methods received. Field names as in BTCPay's
 * swagger ({@code BTCPayServer/wwwroot/swagger/v1/swagger.template.invoices.json}).
 */
final class GreenfieldClient {

  private static final Logger log = LoggerFactory.getLogger(GreenfieldClient.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** An invoice as BTCPay returns it ({@code InvoiceData}); amounts are decimal strings. */
  record Invoice(
      String id,
      String storeId,
      String status,
      String additionalStatus,
      String amount,
      String paidAmount,
      String currency,
      String checkoutLink,
      String orderId,
      String buyerEmail) {}

  private final String base;
  private final String storeId;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;

  GreenfieldClient(String base, String storeId, String apiKey, Duration timeout) {
    this.base = base;
    this.storeId = storeId;
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            // one request, one small answer: HTTP/1.1 on a kept-alive connection (no h2c upgrade
            // offered on every new connection), and the answer read on the connection's own
            // thread instead of being handed to a pool (a third of a webhook's CPU went there)
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Runnable::run)
            .build();
  }

  /** {@code POST /api/v1/stores/{storeId}/invoices}. */
  Invoice createInvoice(
      Money amount, String orderId, String description, String redirectUrl, String language) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("orderId", orderId);
    metadata.put("itemDesc", description);
    Map<String, Object> checkout = new LinkedHashMap<>();
    checkout.put("redirectURL", redirectUrl);
    checkout.put("redirectAutomatically", true);
    checkout.put("defaultLanguage", language);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("amount", amount.toMajor().toPlainString());
    body.put("currency", amount.currencyCode());
    body.put("metadata", metadata);
    body.put("checkout", checkout);
    HttpResponse<String> response =
        send(
            request(storePath("/invoices"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            "create an invoice for " + orderId);
    if (response.statusCode() != 200) {
      throw failure("create an invoice for " + orderId, response);
    }
    return invoice(JSON.readTree(response.body()));
  }

  /**
   * {@code GET /api/v1/stores/{storeId}/invoices/{invoiceId}}; empty when BTCPay has no such.
   *
   * <p>Read on every webhook, so over {@link PlainHttp}: the JDK's HttpClient spent about a third
   * of a BTCPay webhook's CPU on its asynchronous machinery.
   */
  Optional<Invoice> invoice(String invoiceId) {
    try {
      PlainHttp.Answer answer =
          PlainHttp.exchange(
              "GET",
              storePath("/invoices/" + encode(invoiceId)),
              Map.of("Authorization", "token " + apiKey, "Accept", "application/json"),
              null,
              connectTimeout(),
              timeout);
      if (answer.status() == 404) {
        return Optional.empty();
      }
      if (answer.status() != 200) {
        throw failure("read invoice " + invoiceId, answer.status(), answer.text());
      }
      return Optional.of(invoice(JSON.readTree(answer.body())));
    } catch (IOException e) {
      throw unavailable(e, "read invoice");
    }
  }

  /**
   * What the invoice's payments that have settled are worth in the invoice's currency: each
   * payment's value times its payment method's rate ({@code GET
   * .../invoices/{invoiceId}/payment-methods}). Payments still processing are not counted.
   */
  BigDecimal settledValue(String invoiceId, Currency currency) {
    HttpResponse<String> response =
        send(
            request(storePath("/invoices/" + encode(invoiceId) + "/payment-methods")).GET().build(),
            "read payments");
    if (response.statusCode() != 200) {
      throw failure("read the payments of invoice " + invoiceId, response);
    }
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode method : JSON.readTree(response.body())) {
      BigDecimal rate = decimal(method.path("rate"));
      for (JsonNode payment : method.path("payments")) {
        if ("Settled".equals(text(payment, "status"))) {
          total = total.add(decimal(payment.path("value")).multiply(rate));
        }
      }
    }
    return total.setScale(Math.max(0, currency.getDefaultFractionDigits()), RoundingMode.HALF_UP);
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Authorization", "token " + apiKey)
        .header("Accept", "application/json");
  }

  private String storePath(String rest) {
    return base + "/api/v1/stores/" + encode(storeId) + rest;
  }

  private HttpResponse<String> send(HttpRequest request, String what) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unavailable(e, what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PaymentProviderUnavailable(e);
    }
  }

  private PaymentProviderUnavailable unavailable(IOException e, String what) {
    log.warn(
        "BTCPay Server at {} did not answer ({}): could not {}; check that it is up and"
            + " reachable from this server",
        base,
        e.toString(),
        what);
    return new PaymentProviderUnavailable(e);
  }

  private Duration connectTimeout() {
    return timeout.compareTo(Duration.ofSeconds(3)) < 0 ? timeout : Duration.ofSeconds(3);
  }

  private PaymentProviderUnavailable failure(String what, HttpResponse<String> response) {
    return failure(what, response.statusCode(), response.body());
  }

  private PaymentProviderUnavailable failure(String what, int statusCode, String responseBody) {
    String body = responseBody == null ? "" : responseBody;
    String hint =
        switch (statusCode) {
          case 401 -> "; the API key is wrong or revoked (SAMIZDAT_BTCPAY_API_KEY)";
          case 403 ->
              "; the API key lacks btcpay.store.cancreateinvoice / canviewinvoices for store "
                  + storeId;
          default -> "";
        };
    log.error(
        "BTCPay Server refused to {}: HTTP {} {}{}",
        what,
        statusCode,
        body.length() > 300 ? body.substring(0, 300) : body,
        hint);
    return new PaymentProviderUnavailable(
        new IllegalStateException("BTCPay answered " + statusCode));
  }

  static Invoice invoice(JsonNode node) {
    JsonNode metadata = node.path("metadata");
    return new Invoice(
        text(node, "id"),
        text(node, "storeId"),
        text(node, "status"),
        text(node, "additionalStatus"),
        text(node, "amount"),
        text(node, "paidAmount"),
        text(node, "currency"),
        text(node, "checkoutLink"),
        text(metadata, "orderId"),
        text(metadata, "buyerEmail"));
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.path(field);
    return value == null || value.isMissingNode() || value.isNull() || !value.isValueNode()
        ? null
        : value.asString();
  }

  static BigDecimal decimal(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return BigDecimal.ZERO;
    }
    try {
      return new BigDecimal(node.asString().trim());
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
