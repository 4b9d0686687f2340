package org.samizdat.revenue.btcpay;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient.Response;
import org.samizdat.revenue.PaymentProviders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The BTCPay rail against a local server that answers as BTCPay Server's Greenfield API does (field
 * names from its swagger), with webhooks signed as BTCPay signs them: {@code BTCPay-Sig:
 * sha256=<hex HMAC-SHA256(secret, body)>}. A context of its own (own database), since the BTCPay
 * settings switch the test-mode providers off.
 */
@ContextConfiguration(initializers = BtcpayRailIT.BtcpayStore.class)
class BtcpayRailIT extends IntegrationTest {

  static final String STORE = "9CiNzKoANXxmk5ayZngSXrHTiVvvgCrwrpFQd4m2K776";
  static final String API_KEY = "1a2b3c4d5e6f";
  static final String SECRET = "webhook-secret-of-the-store";
  static final JsonMapper JSON = JsonMapper.builder().build();

  static final WireMockServer BTCPAY = new WireMockServer(wireMockConfig().dynamicPort());

  static class BtcpayStore
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      synchronized (BTCPAY) {
        if (!BTCPAY.isRunning()) {
          BTCPAY.start();
        }
      }
      Map<String, Object> properties =
          new java.util.HashMap<>(OwnDataDirectory.properties("it-btcpay-data-"));
      properties.put("samizdat.revenue.btcpay.url", "http://localhost:" + BTCPAY.port() + "/");
      properties.put("samizdat.revenue.btcpay.store-id", STORE);
      properties.put("samizdat.revenue.btcpay.api-key", API_KEY);
      properties.put("samizdat.revenue.btcpay.webhook-secret", SECRET);
      properties.put("samizdat.revenue.btcpay.timeout", "5s");
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("btcpay-live", properties));
    }
  }

  @AfterAll
  static void stopBtcpay() {
    BTCPAY.stop();
  }

  @Autowired JdbcClient jdbc;
  @Autowired PaymentProviders providers;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void reset() throws Exception {
    BTCPAY.resetAll();
    // a cold WireMock on a loaded machine can take seconds to answer its first request
    http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + BTCPAY.port() + "/warm-up"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  // --- the reader's way to BTCPay ----------------------------------------------------------

  @Test
  void onlyTheRealRailsAreOfferedAndTheInvoiceCarriesTheGiftAndOurCheckoutId() throws Exception {
    assertThat(providers.testMode()).isFalse();
    assertThat(providers.active()).extracting(p -> p.id()).contains("btcpay");
    assertThat(providers.active()).extracting(p -> p.id()).doesNotContain("btcpay-testmode");

    Response pay = client().get("/support/pay?frequency=once&amount=25&currency=USD");
    assertThat(pay.html().select("ul.methods-list input[name=provider]"))
        .extracting(e -> e.val())
        .contains("btcpay");

    String invoiceId = "Inv" + suffix();
    stubCreate(invoiceId);
    Response checkout = startCheckout("2500", false);
    assertThat(checkout.status()).isEqualTo(303);
    assertThat(checkout.location()).isEqualTo("https://btcpay.example/i/" + invoiceId);

    List<LoggedRequest> created =
        BTCPAY.findAll(postRequestedFor(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices")));
    assertThat(created).hasSize(1);
    assertThat(created.get(0).getHeader("Authorization")).isEqualTo("token " + API_KEY);
    JsonNode body = JSON.readTree(created.get(0).getBodyAsString());
    assertThat(body.path("amount").asString()).isEqualTo("25.00");
    assertThat(body.path("currency").asString()).isEqualTo("USD");
    UUID checkoutId = UUID.fromString(body.path("metadata").path("orderId").asString());
    assertThat(body.path("checkout").path("redirectURL").asString())
        .endsWith("/support/thanks?checkout=" + checkoutId);
    assertThat(status(checkoutId)).isEqualTo("STARTED");
  }

  @Test
  void monthlyGiftsAreNotOfferedInCrypto() {
    Response monthly = startCheckout("500", "monthly", false);
    assertThat(monthly.status()).isEqualTo(400);
    assertThat(BTCPAY.findAll(postRequestedFor(urlPathMatching(".*/invoices")))).isEmpty();
  }

  // --- exactly once ---------------------------------------------------------------------------

  @Test
  void theSameDeliveryTwiceARedeliveryAndThePaymentSettledEventGiveOneLedgerEntry()
      throws Exception {
    UUID checkout = checkoutFor("2500");
    String invoice = invoiceOf(checkout);
    stubInvoice(invoice, checkout, "25.00", "25.00", "Settled", "None");

    String delivery = "Del" + suffix();
    String settled = event("InvoiceSettled", invoice, delivery, false, STORE);
    assertThat(deliver(settled).statusCode()).isEqualTo(200);
    assertThat(deliver(settled).statusCode()).isEqualTo(200);
    String redelivery =
        event("InvoiceSettled", invoice, "Del" + suffix(), true, STORE)
            .replace("\"originalDeliveryId\":\"x\"", "\"originalDeliveryId\":\"" + delivery + "\"");
    assertThat(deliver(redelivery).statusCode()).isEqualTo(200);
    assertThat(
            deliver(event("InvoicePaymentSettled", invoice, "Del" + suffix(), false, STORE))
                .statusCode())
        .isEqualTo(200);

    assertThat(entries(invoice)).containsExactly("2500 USD PAYMENT supporter=null");
    assertThat(status(checkout)).isEqualTo("COMPLETED");
    // the invoice was read back from BTCPay, not taken from the body
    assertThat(
            BTCPAY.findAll(
                getRequestedFor(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices/" + invoice))
                    .withHeader("Authorization", equalTo("token " + API_KEY))))
        .isNotEmpty();
    Response thanks = client().get("/support/thanks?checkout=" + checkout);
    assertThat(thanks.html().select(".amount").text()).contains("$25");
  }

  @Test
  void aHundredParallelCopiesGiveOneLedgerEntry() throws Exception {
    UUID checkout = checkoutFor("4000");
    String invoice = invoiceOf(checkout);
    stubInvoice(invoice, checkout, "40.00", "40.00", "Settled", "None");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String body = event("InvoiceSettled", invoice, "Del" + suffix(), i > 0, STORE);
        results.add(pool.submit(() -> deliver(body).statusCode()));
      }
      for (Future<Integer> r : results) {
        assertThat(r.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(entries(invoice)).containsExactly("4000 USD PAYMENT supporter=null");
  }

  // --- bad input --------------------------------------------------------------------------------

  @Test
  void aForgedOrMissingSignatureIsRefusedBeforeAnythingIsReadAndRecordsNothing() throws Exception {
    UUID checkout = checkoutFor("2500");
    String invoice = invoiceOf(checkout);
    stubInvoice(invoice, checkout, "25.00", "25.00", "Settled", "None");
    String body = event("InvoiceSettled", invoice, "Del" + suffix(), false, STORE);

    HttpResponse<String> forged = send(body, BtcpayRail.signature("not-the-secret", bytes(body)));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("signature");
    HttpResponse<String> missing = send(body, null);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("BTCPay-Sig");
    HttpResponse<String> garbage = send(body, "sha256=zz");
    assertThat(garbage.statusCode()).isEqualTo(400);
    // one byte changed after signing
    String sig = BtcpayRail.signature(SECRET, bytes(body));
    assertThat(send(body.replace("InvoiceSettled", "InvoiceSettleD"), sig).statusCode())
        .isEqualTo(400);

    assertThat(BTCPAY.findAll(getRequestedFor(urlPathMatching(".*/invoices/.*")))).isEmpty();
    assertThat(entries(invoice)).isEmpty();
    assertThat(
            jdbc.sql("SELECT count(*) FROM provider_event WHERE event_json LIKE :i")
                .param("i", "%" + invoice + "%")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(status(checkout)).isEqualTo("STARTED");
  }

  @Test
  void anotherStoresWebhookAndAnUnknownInvoiceAreRefused() throws Exception {
    UUID checkout = checkoutFor("2500");
    String invoice = invoiceOf(checkout);
    stubInvoice(invoice, checkout, "25.00", "25.00", "Settled", "None");

    HttpResponse<String> otherStore =
        deliver(event("InvoiceSettled", invoice, "Del" + suffix(), false, "AnotherStore"));
    assertThat(otherStore.statusCode()).isEqualTo(400);
    assertThat(otherStore.body()).contains("another BTCPay store");

    BTCPAY.stubFor(
        get(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices/NoSuchInvoice"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"code\":\"invoice-not-found\",\"message\":\"The invoice was not found\"}")));
    HttpResponse<String> unknown =
        deliver(event("InvoiceSettled", "NoSuchInvoice", "Del" + suffix(), false, STORE));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown");
    assertThat(entries(invoice)).isEmpty();
    assertThat(entries("NoSuchInvoice")).isEmpty();
  }

  @Test
  void anExpiredInvoiceClosesTheCheckoutWithoutMoney() throws Exception {
    UUID checkout = checkoutFor("2500");
    String invoice = invoiceOf(checkout);
    stubInvoice(invoice, checkout, "25.00", "0", "Expired", "None");
    assertThat(
            deliver(event("InvoiceExpired", invoice, "Del" + suffix(), false, STORE)).statusCode())
        .isEqualTo(200);
    assertThat(status(checkout)).isEqualTo("CLOSED");
    assertThat(entries(invoice)).isEmpty();

    UUID other = checkoutFor("2500");
    String invalid = invoiceOf(other);
    stubInvoice(invalid, other, "25.00", "0", "Invalid", "Marked");
    assertThat(
            deliver(event("InvoiceInvalid", invalid, "Del" + suffix(), false, STORE)).statusCode())
        .isEqualTo(200);
    assertThat(status(other)).isEqualTo("CLOSED");
    assertThat(entries(invalid)).isEmpty();
  }

  @Test
  void aPartlyPaidInvoiceRecordsWhatArrivedAndIsFlaggedForReview() throws Exception {
    UUID checkout = checkoutFor("2500");
    String invoice = invoiceOf(checkout);
    stubInvoice(invoice, checkout, "25.00", "10.00", "Expired", "PaidPartial");
    stubPayments(invoice, "50000", "0.0002", "Settled");
    assertThat(
            deliver(event("InvoicePaymentSettled", invoice, "Del" + suffix(), false, STORE))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            deliver(event("InvoiceExpired", invoice, "Del" + suffix(), false, STORE)).statusCode())
        .isEqualTo(200);
    assertThat(entries(invoice)).containsExactly("1000 USD PAYMENT supporter=null");
    assertThat(reviews(invoice)).containsExactly("paid partly: 1000 of 2500 USD");
    assertThat(status(checkout)).isEqualTo("COMPLETED");
  }

  @Test
  void aLatePaymentAfterExpiryIsRecordedAndFlagged() throws Exception {
    UUID checkout = checkoutFor("2500");
    String invoice = invoiceOf(checkout);
    stubInvoice(invoice, checkout, "25.00", "0", "Expired", "None");
    deliver(event("InvoiceExpired", invoice, "Del" + suffix(), false, STORE));
    assertThat(status(checkout)).isEqualTo("CLOSED");

    stubInvoice(invoice, checkout, "25.00", "25.00", "Expired", "PaidLate");
    stubPayments(invoice, "50000", "0.0005", "Settled");
    String late =
        event("InvoicePaymentSettled", invoice, "Del" + suffix(), false, STORE)
            .replace("\"afterExpiration\":false", "\"afterExpiration\":true");
    assertThat(deliver(late).statusCode()).isEqualTo(200);
    assertThat(deliver(late).statusCode()).isEqualTo(200);
    assertThat(entries(invoice)).containsExactly("2500 USD PAYMENT supporter=null");
    assertThat(reviews(invoice)).containsExactly("paid late: 2500 of 2500 USD");
    assertThat(status(checkout)).isEqualTo("COMPLETED");
  }

  @Test
  void anOverpaidInvoiceRecordsWhatArrivedAndAnotherAmountIsFlagged() throws Exception {
    UUID checkout = checkoutFor("2500");
    String invoice = invoiceOf(checkout);
    stubInvoice(invoice, checkout, "25.00", "31.50", "Settled", "PaidOver");
    deliver(event("InvoiceSettled", invoice, "Del" + suffix(), false, STORE));
    assertThat(entries(invoice)).containsExactly("3150 USD PAYMENT supporter=null");
    assertThat(reviews(invoice)).containsExactly("paid over: 3150 of 2500 USD");

    // an invoice for another amount than the reader chose (changed at BTCPay, say)
    UUID other = checkoutFor("2500");
    String changed = invoiceOf(other);
    stubInvoice(changed, other, "20.00", "20.00", "Settled", "None");
    deliver(event("InvoiceSettled", changed, "Del" + suffix(), false, STORE));
    assertThat(entries(changed)).containsExactly("2000 USD PAYMENT supporter=null");
    assertThat(reviews(changed))
        .containsExactly("amount differs from the checkout: 2000 of 2500 USD");
  }

  @Test
  void anAnonymousGiftKeepsNoAddressEvenWhenBtcpayReturnsOne() throws Exception {
    UUID checkout = checkoutFor("1000", true);
    String invoice = invoiceOf(checkout);
    String email = "anon-" + suffix() + "@example.org";
    stubSettledTenDollarsWithPayer(invoice, checkout, "\"buyerEmail\":\"" + email + "\"");
    deliver(event("InvoiceSettled", invoice, "Del" + suffix(), false, STORE));
    assertThat(entries(invoice)).containsExactly("1000 USD PAYMENT supporter=null");
    assertThat(supportersWith(email)).isZero();
    assertThat(
            jdbc.sql("SELECT count(*) FROM provider_event WHERE event_json LIKE :e")
                .param("e", "%" + email + "%")
                .query(Long.class)
                .single())
        .isZero();
    Response thanks = client().get("/support/thanks?checkout=" + checkout);
    assertThat(thanks.html().select(".receipt").text()).contains("$10").contains("SG-");
  }

  @Test
  void aPayersAddressGoesToTheSupporterRowNeverIntoTheStoredEvent() throws Exception {
    UUID checkout = checkoutFor("1000", false);
    String invoice = invoiceOf(checkout);
    String email = "named-" + suffix() + "@example.org";
    stubSettledTenDollarsWithPayer(
        invoice, checkout, "\"buyerEmail\":\"" + email + "\",\"buyerName\":\"Ivan Petrov\"");
    deliver(event("InvoiceSettled", invoice, "Del" + suffix(), false, STORE));
    assertThat(supportersWith(email))
        .as("the supporter row, which its owner can erase, holds the address")
        .isOne();
    String stored =
        jdbc.sql(
                "SELECT event_json FROM provider_event WHERE type = 'PaymentArrived' AND payment_ref = :i")
            .param("i", invoice)
            .query(String.class)
            .single();
    assertThat(stored)
        .doesNotContain(email)
        .doesNotContain("Ivan")
        .contains("\"paymentId\":\"" + invoice + "\"")
        .contains("1000");
  }

  @Test
  void eventsStoredBeforeKeepTheirIdsAndAmountsAndLoseTheAddressOnUpgrade() throws Exception {
    String id = "invoice:Old" + suffix() + ":paid:1000";
    String email = "old-" + suffix() + "@example.org";
    jdbc.sql(
            """
            INSERT INTO provider_event (provider, event_id, type, status, payment_ref, event_json, received_at, processed_at)
            VALUES ('btcpay', :id, 'PaymentArrived', 'PROCESSED', 'Old', :json, now(), now())
            """)
        .param("id", id)
        .param(
            "json",
            "{\"eventId\":\""
                + id
                + "\",\"paymentId\":\"Old\",\"totalArrived\":{\"minor\":1000,\"currency\":\"USD\"},"
                + "\"email\":\""
                + email
                + "\",\"name\":\"Ivan Petrov\",\"review\":null}")
        .update();
    String migration =
        new String(
            getClass()
                .getResourceAsStream(
                    "/db/migration/V22__revenue_drop_payer_details_from_payment_events.sql")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    jdbc.sql(migration.substring(migration.indexOf("DO $$"))).update();
    String stored =
        jdbc.sql("SELECT event_json FROM provider_event WHERE event_id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    assertThat(stored).doesNotContain(email).doesNotContain("Ivan").contains("\"minor\": 1000");
  }

  // --- bad days -------------------------------------------------------------------------------

  @Test
  void btcpayDownOrSlowWhileTheReaderWaitsOffersTheOtherWaysAndLeavesNothingHalfWritten() {
    BTCPAY.stubFor(
        post(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices"))
            .willReturn(aResponse().withStatus(502).withBody("Bad gateway")));
    long before = checkouts();
    Response down = startCheckout("2500", false);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.html().select("#pay-problem").text()).isNotBlank();
    assertThat(down.html().select("ul.methods-list input[name=provider]"))
        .extracting(e -> e.val())
        .contains("btcpay");
    assertThat(checkouts()).as("nothing half-written").isEqualTo(before);

    BTCPAY.stubFor(
        post(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices"))
            .willReturn(okJson("{}").withFixedDelay(12000)));
    long start = System.nanoTime();
    Response slow = startCheckout("2500", false);
    assertThat(slow.status()).isEqualTo(503);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(11000);
    assertThat(checkouts()).isEqualTo(before);
  }

  @Test
  void btcpayDownWhileAWebhookIsReadAnswersAnErrorSoBtcpayRetries() throws Exception {
    UUID checkout = checkoutFor("2500");
    String invoice = invoiceOf(checkout);
    BTCPAY.stubFor(
        get(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices/" + invoice))
            .willReturn(aResponse().withStatus(503)));
    String body = event("InvoiceSettled", invoice, "Del" + suffix(), false, STORE);
    assertThat(deliver(body).statusCode()).isEqualTo(503);
    assertThat(entries(invoice)).isEmpty();
    stubInvoice(invoice, checkout, "25.00", "25.00", "Settled", "None");
    assertThat(deliver(body).statusCode()).isEqualTo(200);
    assertThat(entries(invoice)).containsExactly("2500 USD PAYMENT supporter=null");
  }

  // --- helpers ----------------------------------------------------------------------------------

  static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  Response startCheckout(String minor, boolean anonymous) {
    return startCheckout(minor, "once", anonymous);
  }

  Response startCheckout(String minor, String frequency, boolean anonymous) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("provider", "btcpay");
    form.put("frequency", frequency);
    form.put("amount", minor);
    form.put("currency", "USD");
    if (anonymous) {
      form.put("anonymous", "1");
    }
    return client().postForm("/support/checkout", form, false);
  }

  final Map<UUID, String> invoices = new java.util.concurrent.ConcurrentHashMap<>();

  UUID checkoutFor(String minor) {
    return checkoutFor(minor, false);
  }

  /** A checkout started on the support page, with its invoice at BTCPay ({@link #invoiceOf}). */
  UUID checkoutFor(String minor, boolean anonymous) {
    String invoice = "Inv" + suffix();
    stubCreate(invoice);
    assertThat(startCheckout(minor, anonymous).status()).isEqualTo(303);
    UUID checkout = lastOrderId();
    invoices.put(checkout, invoice);
    return checkout;
  }

  String invoiceOf(UUID checkout) {
    return invoices.get(checkout);
  }

  /** BTCPay answers that $10 settled, with what it asked of the payer among the metadata. */
  static void stubSettledTenDollarsWithPayer(String invoice, UUID checkout, String payerFields) {
    BTCPAY.stubFor(
        get(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices/" + invoice))
            .willReturn(
                okJson(
                    invoiceJson(invoice, checkout, "10.00", "10.00", "Settled", "None")
                        .replace("\"metadata\":{", "\"metadata\":{" + payerFields + ","))));
  }

  long supportersWith(String email) {
    return jdbc.sql("SELECT count(*) FROM supporter WHERE email = :e")
        .param("e", email)
        .query(Long.class)
        .single();
  }

  UUID lastOrderId() {
    List<LoggedRequest> created =
        BTCPAY.findAll(postRequestedFor(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices")));
    JsonNode body = JSON.readTree(created.get(created.size() - 1).getBodyAsString());
    return UUID.fromString(body.path("metadata").path("orderId").asString());
  }

  void stubCreate(String invoiceId) {
    BTCPAY.stubFor(
        post(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices"))
            .willReturn(
                okJson(
                    "{\"id\":\""
                        + invoiceId
                        + "\",\"storeId\":\""
                        + STORE
                        + "\",\"amount\":\"25.00\",\"paidAmount\":\"0\",\"currency\":\"USD\",\"type\":\"Standard\","
                        + "\"checkoutLink\":\"https://btcpay.example/i/"
                        + invoiceId
                        + "\",\"createdTime\":1592312018,\"expirationTime\":1592312918,"
                        + "\"monitoringExpiration\":1592398418,\"status\":\"New\",\"additionalStatus\":\"None\","
                        + "\"availableStatusesForManualMarking\":[\"Settled\",\"Invalid\"],\"archived\":false,"
                        + "\"metadata\":{},\"checkout\":{}}")));
  }

  static String invoiceJson(
      String id, UUID orderId, String amount, String paid, String status, String additional) {
    return "{\"id\":\""
        + id
        + "\",\"storeId\":\""
        + STORE
        + "\",\"amount\":\""
        + amount
        + "\",\"paidAmount\":\""
        + paid
        + "\",\"currency\":\"USD\",\"type\":\"Standard\",\"checkoutLink\":\"https://btcpay.example/i/"
        + id
        + "\",\"createdTime\":1592312018,\"expirationTime\":1592312918,\"monitoringExpiration\":1592398418,"
        + "\"status\":\""
        + status
        + "\",\"additionalStatus\":\""
        + additional
        + "\",\"availableStatusesForManualMarking\":[],\"archived\":false,"
        + "\"metadata\":{\"orderId\":\""
        + orderId
        + "\",\"itemDesc\":\"One-time support\"},\"checkout\":{\"redirectURL\":\"http://localhost/support/thanks\"}}";
  }

  void stubInvoice(
      String id, UUID orderId, String amount, String paid, String status, String additional) {
    BTCPAY.stubFor(
        get(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices/" + id))
            .willReturn(okJson(invoiceJson(id, orderId, amount, paid, status, additional))));
  }

  void stubPayments(String id, String rate, String value, String paymentStatus) {
    BTCPAY.stubFor(
        get(urlPathEqualTo("/api/v1/stores/" + STORE + "/invoices/" + id + "/payment-methods"))
            .willReturn(
                okJson(
                    "[{\"paymentMethodId\":\"BTC-CHAIN\",\"currency\":\"BTC\",\"destination\":\"bc1qexample\","
                        + "\"rate\":\""
                        + rate
                        + "\",\"paymentMethodPaid\":\""
                        + value
                        + "\",\"totalPaid\":\""
                        + value
                        + "\",\"due\":\"0\",\"amount\":\"0.0005\",\"paymentMethodFee\":\"0\","
                        + "\"payments\":[{\"id\":\"tx1-0\",\"receivedDate\":1592312100,\"value\":\""
                        + value
                        + "\",\"fee\":\"0.00001\",\"status\":\""
                        + paymentStatus
                        + "\",\"destination\":\"bc1qexample\"}],\"activated\":true}]")));
  }

  /** A webhook body as BTCPay's WebhookSender serializes it (fields of WebhookInvoice*Event). */
  static String event(
      String type, String invoiceId, String deliveryId, boolean redelivery, String storeId) {
    String extra =
        switch (type) {
          case "InvoiceSettled" -> "\"manuallyMarked\":false,\"overPaid\":false,";
          case "InvoiceInvalid" -> "\"manuallyMarked\":false,";
          case "InvoiceExpired" -> "\"partiallyPaid\":false,";
          case "InvoicePaymentSettled", "InvoiceReceivedPayment" ->
              "\"afterExpiration\":false,\"paymentMethodId\":\"BTC-CHAIN\",\"payment\":{\"id\":\"tx1-0\","
                  + "\"receivedDate\":1592312100,\"value\":\"0.0005\",\"fee\":\"0.00001\",\"status\":\"Settled\","
                  + "\"destination\":\"bc1qexample\"},";
          default -> "";
        };
    return "{"
        + extra
        + "\"deliveryId\":\""
        + deliveryId
        + "\",\"webhookId\":\"Wh1\",\"originalDeliveryId\":\""
        + (redelivery ? "x" : deliveryId)
        + "\",\"isRedelivery\":"
        + redelivery
        + ",\"type\":\""
        + type
        + "\",\"timestamp\":1592312200,\"storeId\":\""
        + storeId
        + "\",\"invoiceId\":\""
        + invoiceId
        + "\",\"metadata\":{\"orderId\":\"whatever-the-body-says\"}}";
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  HttpResponse<String> deliver(String body) throws Exception {
    return send(body, BtcpayRail.signature(SECRET, bytes(body)));
  }

  HttpResponse<String> send(String body, String signature) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/btcpay"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    if (signature != null) {
      b.header("BTCPay-Sig", signature);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  List<String> entries(String invoice) {
    return jdbc.sql(
            """
            SELECT amount_minor || ' ' || currency || ' ' || kind || ' supporter=' || coalesce(supporter_id::text, 'null')
            FROM ledger_entry WHERE provider = 'btcpay' AND provider_payment_id = :i ORDER BY id
            """)
        .param("i", invoice)
        .query(String.class)
        .list();
  }

  List<String> reviews(String invoice) {
    return jdbc.sql(
            """
            SELECT split_part(reason, ':', 1) || ': ' || received_minor || ' of ' || expected_minor || ' ' || currency
            FROM payment_review WHERE provider = 'btcpay' AND provider_payment_id = :i ORDER BY id
            """)
        .param("i", invoice)
        .query(String.class)
        .list();
  }

  String status(UUID checkout) {
    return jdbc.sql("SELECT status FROM checkout WHERE id = :id")
        .param("id", checkout)
        .query(String.class)
        .single();
  }

  long checkouts() {
    return jdbc.sql("SELECT count(*) FROM checkout WHERE provider = 'btcpay'")
        .query(Long.class)
        .single();
  }
}
