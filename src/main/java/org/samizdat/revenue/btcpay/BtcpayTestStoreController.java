package org.samizdat.revenue.btcpay;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.PaymentProviders;
import org.samizdat.revenue.btcpay.BtcpayTestInvoiceRepository.NewInvoice;
import org.samizdat.revenue.btcpay.BtcpayTestInvoiceRepository.StoredInvoice;
import org.samizdat.revenue.testmode.LocalWebhooks;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in BTCPay store on this app's own origin, for the local TEST MODE: the three Greenfield
 * calls the rail makes (create an invoice, read it, read its payments), answered in BTCPay's wire
 * format, and a checkout page where the reader "pays" (in full, half, or not at all). Each choice
 * sends the webhooks BTCPay would, signed as BTCPay signs them, to {@code
 * /webhooks/btcpay-testmode}. Answers 404 whenever a real provider is configured.
 */
@Controller
class BtcpayTestStoreController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  /** What one bitcoin is worth in any currency, in this test store. */
  private static final BigDecimal RATE = new BigDecimal("50000");

  private final BtcpayTestModeProvider provider;
  private final PaymentProviders providers;
  private final BtcpayTestInvoiceRepository invoices;
  private final Clock clock;
  private final PlatformSettings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  BtcpayTestStoreController(
      BtcpayTestModeProvider provider,
      PaymentProviders providers,
      BtcpayTestInvoiceRepository invoices,
      Clock clock,
      PlatformSettings settings) {
    this.provider = provider;
    this.providers = providers;
    this.invoices = invoices;
    this.clock = clock;
    this.settings = settings;
  }

  // --- the Greenfield API -------------------------------------------------------------------

  @PostMapping(
      value = BtcpayTestModeProvider.API_PATH + "/api/v1/stores/{storeId}/invoices",
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<String> create(
      @PathVariable String storeId,
      @RequestHeader(value = "Authorization", required = false) String authorization,
      @RequestBody(required = false) String body) {
    ResponseEntity<String> refused = refuse(storeId, authorization);
    if (refused != null) {
      return refused;
    }
    JsonNode request;
    BigDecimal amount;
    try {
      request = JSON.readTree(body == null ? "" : body);
      amount = new BigDecimal(GreenfieldClient.text(request, "amount"));
    } catch (RuntimeException e) {
      return ResponseEntity.badRequest()
          .body("[{\"path\":\"amount\",\"message\":\"The amount should be a decimal\"}]");
    }
    String currency = GreenfieldClient.text(request, "currency");
    if (amount.signum() <= 0 || currency == null || !currency.matches("[A-Z]{3}")) {
      return ResponseEntity.badRequest()
          .body("[{\"path\":\"amount\",\"message\":\"The amount should be more than 0\"}]");
    }
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 22; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    Instant now = clock.instant();
    invoices.insert(
        new NewInvoice(
            id.toString(),
            storeId,
            amount.toPlainString(),
            currency,
            JSON.writeValueAsString(request.path("metadata")),
            GreenfieldClient.text(request.path("checkout"), "redirectURL"),
            now,
            now.plus(Duration.ofMinutes(15))));
    return ResponseEntity.ok(json(invoices.find(id.toString()).orElseThrow()));
  }

  @GetMapping(
      value = BtcpayTestModeProvider.API_PATH + "/api/v1/stores/{storeId}/invoices/{invoiceId}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<String> read(
      @PathVariable String storeId,
      @PathVariable String invoiceId,
      @RequestHeader(value = "Authorization", required = false) String authorization) {
    ResponseEntity<String> refused = refuse(storeId, authorization);
    if (refused != null) {
      return refused;
    }
    return invoices
        .find(invoiceId)
        .map(i -> ResponseEntity.ok(json(i)))
        .orElseGet(
            () ->
                ResponseEntity.status(404)
                    .body(
                        "{\"code\":\"invoice-not-found\",\"message\":\"The invoice was not found\"}"));
  }

  @GetMapping(
      value =
          BtcpayTestModeProvider.API_PATH
              + "/api/v1/stores/{storeId}/invoices/{invoiceId}/payment-methods",
      produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<String> paymentMethods(
      @PathVariable String storeId,
      @PathVariable String invoiceId,
      @RequestHeader(value = "Authorization", required = false) String authorization) {
    ResponseEntity<String> refused = refuse(storeId, authorization);
    if (refused != null) {
      return refused;
    }
    StoredInvoice invoice = invoices.find(invoiceId).orElse(null);
    if (invoice == null) {
      return ResponseEntity.status(404)
          .body("{\"code\":\"invoice-not-found\",\"message\":\"The invoice was not found\"}");
    }
    BigDecimal paid = new BigDecimal(invoice.paidAmount());
    List<Object> payments =
        paid.signum() > 0
            ? List.of(
                Map.of(
                    "id",
                    invoice.id() + "-1",
                    "receivedDate",
                    invoice.createdAt().getEpochSecond(),
                    "value",
                    paid.divide(RATE, 12, RoundingMode.HALF_UP).toPlainString(),
                    "fee",
                    "0.0",
                    "status",
                    "Settled",
                    "destination",
                    "bcrt1qtestmodetestmodetestmodetestmode"))
            : List.of();
    Map<String, Object> method = new LinkedHashMap<>();
    method.put("paymentMethodId", "BTC-CHAIN");
    method.put("currency", "BTC");
    method.put("destination", "bcrt1qtestmodetestmodetestmodetestmode");
    method.put("rate", RATE.toPlainString());
    method.put("payments", payments);
    return ResponseEntity.ok(JSON.writeValueAsString(List.of(method)));
  }

  // --- the checkout page --------------------------------------------------------------------

  @GetMapping("/support/btcpay-testmode/i/{invoiceId}")
  String page(@PathVariable String invoiceId, HttpServletResponse response, Model model) {
    StoredInvoice invoice = findForReader(invoiceId);
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("page", page(invoice));
    return "revenue/btcpay-testmode-checkout";
  }

  @PostMapping("/support/btcpay-testmode/i/{invoiceId}")
  String pay(
      @PathVariable String invoiceId,
      @RequestParam(defaultValue = "") String action,
      HttpServletResponse response) {
    StoredInvoice invoice = findForReader(invoiceId);
    response.setHeader("Cache-Control", "no-store");
    if (!"New".equals(invoice.status())) {
      return "redirect:" + invoice.redirectUrl();
    }
    BigDecimal amount = new BigDecimal(invoice.amount());
    switch (action) {
      case "pay" -> {
        invoices.update(invoiceId, amount, "Settled", "None");
        deliver(invoice, "InvoicePaymentSettled", Map.of("afterExpiration", false));
        deliver(invoice, "InvoiceSettled", Map.of("manuallyMarked", false, "overPaid", false));
        return "redirect:" + invoice.redirectUrl();
      }
      case "partial" -> {
        BigDecimal half = amount.divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
        invoices.update(invoiceId, half, "Expired", "PaidPartial");
        deliver(invoice, "InvoicePaymentSettled", Map.of("afterExpiration", false));
        deliver(invoice, "InvoiceExpired", Map.of("partiallyPaid", true));
        return "redirect:" + invoice.redirectUrl();
      }
      case "expire" -> {
        invoices.update(invoiceId, BigDecimal.ZERO, "Expired", "None");
        deliver(invoice, "InvoiceExpired", Map.of("partiallyPaid", false));
        return "redirect:" + invoice.redirectUrl().replace("/support/thanks", "/support/cancelled");
      }
      default -> throw new BadRequestException("Choose Pay, Pay half or Let it expire.");
    }
  }

  /** Sends one webhook to this app exactly as BTCPay Server would: same fields, same signature. */
  private void deliver(StoredInvoice invoice, String type, Map<String, Object> extra) {
    String deliveryId = randomId();
    Map<String, Object> event = new LinkedHashMap<>(extra);
    event.put("deliveryId", deliveryId);
    event.put("webhookId", "TestModeWebhook");
    event.put("originalDeliveryId", deliveryId);
    event.put("isRedelivery", false);
    event.put("type", type);
    event.put("timestamp", clock.instant().getEpochSecond());
    event.put("storeId", BtcpayTestModeProvider.STORE_ID);
    event.put("invoiceId", invoice.id());
    event.put("metadata", JSON.readTree(invoice.metadata()));
    byte[] body = JSON.writeValueAsBytes(event);
    HttpRequest request =
        provider
            .toWebhook()
            .header("BTCPay-Sig", BtcpayRail.signature(provider.account().webhookSecret(), body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    LocalWebhooks.deliver(request, "test-mode BTCPay webhook");
  }

  private static String randomId() {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 22; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  private ResponseEntity<String> refuse(String storeId, String authorization) {
    if (!active()) {
      return ResponseEntity.status(404)
          .body("{\"code\":\"not-found\",\"message\":\"Test mode is off\"}");
    }
    String expected = "token " + provider.account().apiKey();
    if (authorization == null
        || !java.security.MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            authorization.getBytes(StandardCharsets.UTF_8))) {
      return ResponseEntity.status(401)
          .body("{\"code\":\"unauthenticated\",\"message\":\"Authentication is required\"}");
    }
    if (!BtcpayTestModeProvider.STORE_ID.equals(storeId)) {
      return ResponseEntity.status(403)
          .body("{\"code\":\"unauthorized\",\"message\":\"Not this store\"}");
    }
    return null;
  }

  private boolean active() {
    return providers.get(BtcpayTestModeProvider.ID).isPresent();
  }

  private StoredInvoice findForReader(String id) {
    if (!active()) {
      throw new NotFoundException("Test mode is off: this newsroom takes real payments.");
    }
    if (id.length() > 40) {
      throw new NotFoundException("There is no such test invoice.");
    }
    return invoices
        .find(id)
        .orElseThrow(() -> new NotFoundException("There is no such test invoice."));
  }

  private String json(StoredInvoice invoice) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", invoice.id());
    data.put("storeId", BtcpayTestModeProvider.STORE_ID);
    data.put("amount", invoice.amount());
    data.put("paidAmount", invoice.paidAmount());
    data.put("currency", invoice.currency());
    data.put("type", "Standard");
    data.put("checkoutLink", "/support/btcpay-testmode/i/" + invoice.id());
    data.put("createdTime", invoice.createdAt().getEpochSecond());
    data.put("expirationTime", invoice.expiresAt().getEpochSecond());
    data.put("monitoringExpiration", invoice.expiresAt().plus(Duration.ofDays(1)).getEpochSecond());
    data.put("status", invoice.status());
    data.put("additionalStatus", invoice.additionalStatus());
    data.put("archived", false);
    data.put("metadata", JSON.readTree(invoice.metadata()));
    Map<String, Object> checkout = new LinkedHashMap<>();
    checkout.put("redirectURL", invoice.redirectUrl());
    data.put("checkout", checkout);
    return JSON.writeValueAsString(data);
  }

  private BtcpayTestCheckoutPage page(StoredInvoice invoice) {
    JsonNode metadata = JSON.readTree(invoice.metadata());
    String description = GreenfieldClient.text(metadata, "itemDesc");
    boolean russian = invoice.redirectUrl() != null && invoice.redirectUrl().contains("/ru/");
    Money money =
        new Money(
            new BigDecimal(invoice.amount())
                .movePointRight(
                    Math.max(
                        0,
                        java.util.Currency.getInstance(invoice.currency())
                            .getDefaultFractionDigits()))
                .longValue(),
            java.util.Currency.getInstance(invoice.currency()));
    return new BtcpayTestCheckoutPage(
        settings.name(),
        invoice.id(),
        russian ? "ru" : "en",
        money.format(russian ? Locale.forLanguageTag("ru") : Locale.ENGLISH),
        new BigDecimal(invoice.amount()).divide(RATE, 8, RoundingMode.HALF_UP).toPlainString(),
        description == null ? "" : description);
  }
}
