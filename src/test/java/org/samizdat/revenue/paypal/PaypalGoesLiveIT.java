package org.samizdat.revenue.paypal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.Money;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.ManualContributions;
import org.samizdat.revenue.PaymentProviders;
import org.samizdat.revenue.RevenueReports;
import org.samizdat.revenue.Supporters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PayPal's four settings are all it takes: the whole app against a local server that answers in
 * PayPal's wire format (OAuth2, Orders v2, Catalog Products, Billing Plans, Subscriptions, webhook
 * verification). A reader gives over HTTP; PayPal's notifications come back and are believed only
 * when PayPal's verification says SUCCESS.
 */
@ContextConfiguration(initializers = PaypalGoesLiveIT.PaypalAccount.class)
class PaypalGoesLiveIT extends IntegrationTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String CLIENT_ID = "AaTestClient";
  static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  static final WireMockServer PAYPAL = new WireMockServer(wireMockConfig().dynamicPort());

  static class PaypalAccount
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      synchronized (PAYPAL) {
        if (!PAYPAL.isRunning()) {
          PAYPAL.start();
        }
      }
      Map<String, Object> properties =
          new HashMap<>(OwnDataDirectory.properties("it-paypal-data-"));
      properties.put("samizdat.revenue.paypal.client-id", CLIENT_ID);
      properties.put("samizdat.revenue.paypal.client-secret", "EFtestsecret");
      properties.put("samizdat.revenue.paypal.webhook-id", WEBHOOK_ID);
      properties.put("samizdat.revenue.paypal.api-base", "http://localhost:" + PAYPAL.port());
      properties.put("samizdat.revenue.paypal.request-timeout", "5s");
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("paypal-live", properties));
    }
  }

  @AfterAll
  static void stopPaypal() {
    PAYPAL.stop();
  }

  @Autowired Funding funding;
  @Autowired PaymentProviders providers;
  @Autowired Supporters supporters;
  @Autowired JdbcClient jdbc;
  @Autowired RevenueReports reports;
  @Autowired ManualContributions manual;

  final HttpClient http = HttpClient.newHttpClient();
  String u;

  @BeforeEach
  void paypalAnswers() {
    u = UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    PAYPAL.resetAll();
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/oauth2/token"))
            .willReturn(
                okJson(
                    """
                    {"scope":"https://uri.paypal.com/services/payments/payment","access_token":"A21AAtoken",
                     "token_type":"Bearer","app_id":"APP-80W284485P519543T","expires_in":32400,"nonce":"n"}""")));
    verification("SUCCESS");
  }

  void verification(String status) {
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/notifications/verify-webhook-signature"))
            .willReturn(okJson("{\"verification_status\":\"" + status + "\"}")));
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void withPaypalConfiguredItIsTheRailAndNoTestModeIsActive() {
    assertThat(providers.testMode()).isFalse();
    assertThat(providers.active()).extracting(p -> p.id()).containsExactly("paypal");
    Response pay = client().get("/support/pay?frequency=monthly&amount=5&currency=USD");
    assertThat(pay.html().select("ul.methods-list button.method").text()).isEqualTo("PayPal");
    assertThat(pay.body()).doesNotContain("TEST MODE");
    assertThat(client().get("/paypal-testmode/checkoutnow?token=X").status()).isEqualTo(404);
  }

  @Test
  void aOneTimeGiftIsAnOrderCapturedOnReturnAndCountedOnceFromItsVerifiedWebhook()
      throws Exception {
    long before = raised();
    String orderId = "5O190127TN" + u;
    String captureId = "3C679366HH" + u;
    String email = "reader-" + u + "@example.org";
    stubOrder(orderId);

    Response checkout = startCheckout("once", "2500");
    assertThat(checkout.status()).isEqualTo(303);
    assertThat(checkout.location())
        .isEqualTo("https://www.sandbox.paypal.com/checkoutnow?token=" + orderId);
    LoggedRequest created = only("POST", "/v2/checkout/orders");
    assertThat(created.getHeader("Authorization")).isEqualTo("Bearer A21AAtoken");
    JsonNode order = JSON.readTree(created.getBodyAsString());
    String checkoutId = checkoutOf(orderId);
    assertThat(created.getHeader("PayPal-Request-Id")).isEqualTo("order-" + checkoutId);
    assertThat(order.path("intent").asString()).isEqualTo("CAPTURE");
    JsonNode unit = order.path("purchase_units").path(0);
    assertThat(unit.path("custom_id").asString()).isEqualTo(checkoutId);
    assertThat(unit.path("amount").path("value").asString()).isEqualTo("25.00");
    assertThat(unit.path("amount").path("currency_code").asString()).isEqualTo("USD");
    JsonNode experience = order.path("payment_source").path("paypal").path("experience_context");
    assertThat(experience.path("return_url").asString())
        .endsWith("/support/paypal/return?checkout=" + checkoutId);
    assertThat(experience.path("cancel_url").asString())
        .endsWith("/support/cancelled?checkout=" + checkoutId);

    // the reader approves at PayPal and comes back: the order is captured
    Response back =
        client()
            .get(
                "/support/paypal/return?checkout="
                    + checkoutId
                    + "&token="
                    + orderId
                    + "&PayerID=Q1");
    assertThat(back.status()).isEqualTo(302);
    assertThat(back.location()).endsWith("/support/thanks?checkout=" + checkoutId);
    assertThat(
            PAYPAL.findAll(
                postRequestedFor(urlPathEqualTo("/v2/checkout/orders/" + orderId + "/capture"))))
        .hasSize(1);
    assertThat(raised()).as("nothing counts before PayPal's webhook").isEqualTo(before);

    // PayPal's notification: verified first, then counted once
    stubOrderDetails(orderId, checkoutId, email);
    String event = captureCompleted("WH-1" + u, captureId, orderId, checkoutId, "25.00");
    HttpResponse<String> delivered = deliver(event);
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
    LoggedRequest verify = only("POST", "/v1/notifications/verify-webhook-signature");
    JsonNode asked = JSON.readTree(verify.getBodyAsString());
    assertThat(asked.path("webhook_id").asString()).isEqualTo(WEBHOOK_ID);
    assertThat(asked.path("transmission_id").asString()).isEqualTo("tid-WH-1" + u);
    assertThat(asked.path("auth_algo").asString()).isEqualTo("SHA256withRSA");
    assertThat(asked.path("webhook_event").path("id").asString()).isEqualTo("WH-1" + u);
    assertThat(entries(captureId)).containsExactly("PAYMENT ONCE 2500 USD");
    assertThat(raised()).isEqualTo(before + 2500);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'supporter' AND column_name = 'name'")
                .query(Long.class)
                .single())
        .as("only the e-mail is kept: there is no name to keep")
        .isZero();
    assertThat(client().get("/support/thanks?checkout=" + checkoutId).body())
        .doesNotContain("being confirmed");

    // PayPal resends it, and a second notification names the same capture: still once
    assertThat(deliver(event).statusCode()).isEqualTo(200);
    assertThat(
            deliver(captureCompleted("WH-2" + u, captureId, orderId, checkoutId, "25.00"))
                .statusCode())
        .isEqualTo(200);
    assertThat(entries(captureId)).hasSize(1);
    assertThat(raised()).isEqualTo(before + 2500);

    // a reload of the return page finds the order captured
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v2/checkout/orders/" + orderId + "/capture"))
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"name\":\"UNPROCESSABLE_ENTITY\",\"details\":[{\"issue\":\"ORDER_ALREADY_CAPTURED\"}],\"debug_id\":\"d1\"}")));
    assertThat(
            client()
                .get("/support/paypal/return?checkout=" + checkoutId + "&token=" + orderId)
                .location())
        .endsWith("/support/thanks?checkout=" + checkoutId);

    // the newsroom refunds 10 of it at PayPal: the goal goes down by 10
    String refund =
        envelope(
            "WH-3" + u,
            "PAYMENT.CAPTURE.REFUNDED",
            "refund",
            """
            {"id":"1Y107995YT%s","status":"COMPLETED","amount":{"value":"10.00","currency_code":"USD"},
             "seller_payable_breakdown":{"total_refunded_amount":{"value":"10.00","currency_code":"USD"}},
             "links":[{"href":"https://api.sandbox.paypal.com/v2/payments/refunds/1Y107995YT%s","rel":"self","method":"GET"},
                      {"href":"https://api.sandbox.paypal.com/v2/payments/captures/%s","rel":"up","method":"GET"}]}"""
                .formatted(u, u, captureId));
    assertThat(deliver(refund).statusCode()).isEqualTo(200);
    assertThat(deliver(refund).statusCode()).isEqualTo(200);
    assertThat(entries(captureId))
        .containsExactly("PAYMENT ONCE 2500 USD", "REFUND ONCE -1000 USD");
    assertThat(raised()).isEqualTo(before + 1500);
  }

  @Test
  void aNotificationPaypalDoesNotVerifyRecordsNothing() throws Exception {
    verification("FAILURE");
    String captureId = "FORGED" + u;
    String event =
        captureCompleted("WH-F" + u, captureId, "ORD" + u, UUID.randomUUID().toString(), "99.00");
    HttpResponse<String> answer = deliver(event);
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("did not confirm");
    assertThat(entries(captureId)).isEmpty();
    assertThat(
            jdbc.sql("SELECT count(*) FROM provider_event WHERE event_id IN (:a, :b)")
                .param("a", "WH-F" + u)
                .param("b", "CAPTURE-" + captureId)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            PAYPAL.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlPathEqualTo("/v2/checkout/orders/ORD" + u))))
        .as("nothing in a forged body is acted on")
        .isEmpty();

    // without PayPal's transmission headers, PayPal is not even asked
    PAYPAL.resetRequests();
    HttpResponse<String> bare =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/paypal"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bare.statusCode()).isEqualTo(400);
    assertThat(PAYPAL.getAllServeEvents()).isEmpty();
    assertThat(entries(captureId)).isEmpty();
  }

  /** PayPal's webhook certificate, served by the local PayPal as PayPal serves its own. */
  static final TestCertificates.Issued CERTIFICATE =
      TestCertificates.selfSigned("CN=messageverificationcerts.sandbox.paypal.com, O=PayPal");

  @Test
  void aNotificationSignedWithPaypalsCertificateIsCheckedHereWithoutAskingPaypal()
      throws Exception {
    long before = raised();
    String certPath = "/v1/notifications/certs/CERT-" + u;
    String certUrl = "http://localhost:" + PAYPAL.port() + certPath;
    PAYPAL.stubFor(
        get(urlPathEqualTo(certPath))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-x509-ca-cert")
                    .withBody(CERTIFICATE.pem())));
    String orderId = "OFF" + u;
    String captureId = "OFFCAP" + u;
    stubOrder(orderId);
    startCheckout("once", "1200");
    String checkoutId = checkoutOf(orderId);
    stubOrderDetails(orderId, checkoutId, "offline-" + u + "@example.org");
    PAYPAL.resetRequests();

    String event = captureCompleted("WH-O" + u, captureId, orderId, checkoutId, "12.00");
    HttpResponse<String> counted = deliverSigned(event, certUrl, CERTIFICATE, WEBHOOK_ID);
    assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
    assertThat(entries(captureId)).containsExactly("PAYMENT ONCE 1200 USD");
    assertThat(raised()).isEqualTo(before + 1200);
    String second = captureCompleted("WH-O2" + u, captureId, orderId, checkoutId, "12.00");
    assertThat(deliverSigned(second, certUrl, CERTIFICATE, WEBHOOK_ID).statusCode()).isEqualTo(200);
    assertThat(entries(captureId)).hasSize(1);
    assertThat(
            PAYPAL.findAll(
                postRequestedFor(urlPathEqualTo("/v1/notifications/verify-webhook-signature"))))
        .as("PayPal is not asked about a signature its certificate checks")
        .isEmpty();
    assertThat(
            PAYPAL.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlPathEqualTo(certPath))))
        .as("the certificate is fetched once, not per delivery")
        .hasSize(1);

    // the same signature on another body, or signed for another webhook: refused, nothing counted
    String forgedCapture = "OFFFORGED" + u;
    String forged = captureCompleted("WH-OF" + u, forgedCapture, orderId, checkoutId, "99.00");
    String sig = CERTIFICATE.sign("tid-WH-OF" + u, "2026-12-04T17:00:00Z", WEBHOOK_ID, event);
    HttpResponse<String> refused =
        deliver(forged, certUrl, "tid-WH-OF" + u, sig, "2026-12-04T17:00:00Z");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("certificate does not check it");
    assertThat(deliverSigned(forged, certUrl, CERTIFICATE, "WH-ANOTHER-WEBHOOK").statusCode())
        .isEqualTo(400);
    TestCertificates.Issued forger =
        TestCertificates.selfSigned("CN=messageverificationcerts.sandbox.paypal.com");
    assertThat(deliverSigned(forged, certUrl, forger, WEBHOOK_ID).statusCode()).isEqualTo(400);
    assertThat(entries(forgedCapture)).isEmpty();
    assertThat(
            PAYPAL.findAll(
                postRequestedFor(urlPathEqualTo("/v1/notifications/verify-webhook-signature"))))
        .isEmpty();

    // a certificate address PayPal answers 404 for: forged; one it cannot serve now: try later
    String missing = "http://localhost:" + PAYPAL.port() + "/v1/notifications/certs/CERT-NONE" + u;
    assertThat(deliverSigned(forged, missing, CERTIFICATE, WEBHOOK_ID).statusCode()).isEqualTo(400);
    String busyPath = "/v1/notifications/certs/CERT-BUSY" + u;
    PAYPAL.stubFor(get(urlPathEqualTo(busyPath)).willReturn(aResponse().withStatus(503)));
    String busy = "http://localhost:" + PAYPAL.port() + busyPath;
    String later = captureCompleted("WH-OL" + u, "OFFLATER" + u, orderId, checkoutId, "12.00");
    assertThat(deliverSigned(later, busy, CERTIFICATE, WEBHOOK_ID).statusCode()).isEqualTo(503);
    assertThat(entries("OFFLATER" + u)).isEmpty();
    PAYPAL.stubFor(
        get(urlPathEqualTo(busyPath)).willReturn(aResponse().withBody(CERTIFICATE.pem())));
    assertThat(deliverSigned(later, busy, CERTIFICATE, WEBHOOK_ID).statusCode()).isEqualTo(200);
    assertThat(entries("OFFLATER" + u)).containsExactly("PAYMENT ONCE 1200 USD");
  }

  @Test
  void fiftyParallelCopiesOfOneNotificationMakeOneLedgerEntry() throws Exception {
    long before = raised();
    String orderId = "PAR" + u;
    String captureId = "PARCAP" + u;
    stubOrder(orderId);
    startCheckout("once", "1000");
    String checkoutId = checkoutOf(orderId);
    stubOrderDetails(orderId, checkoutId, "parallel-" + u + "@example.org");
    String event = captureCompleted("WH-P" + u, captureId, orderId, checkoutId, "10.00");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Integer>> copies = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        copies.add(() -> deliver(event).statusCode());
      }
      for (Future<Integer> f : pool.invokeAll(copies)) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(entries(captureId)).containsExactly("PAYMENT ONCE 1000 USD");
    assertThat(raised()).isEqualTo(before + 1000);
  }

  @Test
  void paypalDownWhileTheReaderWaitsOffersTheOtherWaysAndKeepsNothing() {
    long checkouts = count("SELECT count(*) FROM checkout");
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v2/checkout/orders"))
            .willReturn(aResponse().withStatus(503).withBody("upstream unavailable")));
    Response down = startCheckout("once", "2500");
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.html().select("#pay-problem").text()).contains("did not answer");
    assertThat(down.html().select("ul.methods-list input[name=provider]"))
        .extracting(e -> e.val())
        .contains("paypal");
    assertThat(count("SELECT count(*) FROM checkout")).isEqualTo(checkouts);

    // a PayPal that hangs: the reader gets the same page within the configured 5 s, not a minute
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v2/checkout/orders")).willReturn(okJson("{}").withFixedDelay(10000)));
    long start = System.nanoTime();
    Response slow = startCheckout("once", "2500");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(slow.status()).isEqualTo(503);
    assertThat(millis).isLessThan(8500);
    assertThat(count("SELECT count(*) FROM checkout")).isEqualTo(checkouts);
    assertThat(client().get("/support").status()).isEqualTo(200);
  }

  @Test
  void monthlyGiftsAreSubscriptionsWithTheirOwnAmountRenewedCancelledAndChangedAtPaypal()
      throws Exception {
    long before = raised();
    String subscriptionId = "I-BW452GLL" + u;
    String email = "monthly-" + u + "@example.org";
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/catalogs/products"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"PROD-" + u + "\",\"name\":\"Support\"}")));
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/billing/plans"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"P-" + u + "\",\"status\":\"ACTIVE\"}")));
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/billing/subscriptions"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id":"%s","status":"APPROVAL_PENDING","links":[
                          {"href":"https://www.sandbox.paypal.com/webapps/billing/subscriptions?ba_token=BA-%s","rel":"approve","method":"GET"},
                          {"href":"https://api-m.sandbox.paypal.com/v1/billing/subscriptions/%s","rel":"self","method":"GET"}]}"""
                            .formatted(subscriptionId, u, subscriptionId))));

    // a currency of its own, so the plan is made here the first time whatever ran before
    jdbc.sql(
            "INSERT INTO amount_rule VALUES ('GBP', 'MONTHLY', 200, 100000, '{500}') ON CONFLICT DO NOTHING")
        .update();
    Response checkout = startCheckout("monthly", "700", "GBP");
    assertThat(checkout.status()).isEqualTo(303);
    assertThat(checkout.location()).contains("ba_token=BA-" + u);
    String checkoutId = checkoutOf(subscriptionId);
    JsonNode plan = JSON.readTree(only("POST", "/v1/billing/plans").getBodyAsString());
    assertThat(plan.path("product_id").asString()).isEqualTo("PROD-" + u);
    assertThat(
            plan.path("billing_cycles").path(0).path("frequency").path("interval_unit").asString())
        .isEqualTo("MONTH");
    JsonNode sub = JSON.readTree(only("POST", "/v1/billing/subscriptions").getBodyAsString());
    assertThat(sub.path("plan_id").asString()).isEqualTo("P-" + u);
    assertThat(sub.path("custom_id").asString()).isEqualTo(checkoutId);
    JsonNode price =
        sub.path("plan").path("billing_cycles").path(0).path("pricing_scheme").path("fixed_price");
    assertThat(price.path("value").asString()).isEqualTo("7.00");
    assertThat(price.path("currency_code").asString()).isEqualTo("GBP");
    assertThat(sub.path("application_context").path("return_url").asString())
        .endsWith("/support/paypal/return?checkout=" + checkoutId);

    // a second reader's monthly gift in GBP reuses the plan
    startCheckout("monthly", "900", "GBP");
    assertThat(PAYPAL.findAll(postRequestedFor(urlPathEqualTo("/v1/billing/plans")))).hasSize(1);
    assertThat(PAYPAL.findAll(postRequestedFor(urlPathEqualTo("/v1/catalogs/products"))))
        .hasSize(1);

    // the reader approves; PayPal takes the first payment and says so
    PAYPAL.stubFor(
        get(urlPathEqualTo("/v1/billing/subscriptions/" + subscriptionId))
            .willReturn(
                okJson(
                    """
                    {"id":"%s","status":"ACTIVE","plan_id":"P-%s","custom_id":"%s","quantity":"1",
                     "subscriber":{"email_address":"%s","payer_id":"QYR5Z8XDVJNXQ",
                       "name":{"given_name":"Anna","surname":"Reader"}},
                     "plan_overridden":true}"""
                        .formatted(subscriptionId, u, checkoutId, email))));
    assertThat(
            client()
                .get(
                    "/support/paypal/return?checkout="
                        + checkoutId
                        + "&subscription_id="
                        + subscriptionId)
                .location())
        .endsWith("/support/thanks?checkout=" + checkoutId);
    String firstSale = "8UL" + u;
    assertThat(
            deliver(saleCompleted("WH-S1" + u, firstSale, subscriptionId, "7.00", "GBP"))
                .statusCode())
        .isEqualTo(200);
    assertThat(entries(firstSale)).containsExactly("PAYMENT MONTHLY 700 GBP");
    assertThat(subscriptionStatus(subscriptionId)).isEqualTo("ACTIVE");

    // a month later PayPal renews it: a renewal, not a new gift
    String secondSale = "9VM" + u;
    assertThat(
            deliver(saleCompleted("WH-S2" + u, secondSale, subscriptionId, "7.00", "GBP"))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            deliver(saleCompleted("WH-S2" + u, secondSale, subscriptionId, "7.00", "GBP"))
                .statusCode())
        .isEqualTo(200);
    assertThat(entries(secondSale)).containsExactly("RENEWAL MONTHLY 700 GBP");

    // the renewal is refunded: it subtracts
    String saleRefund =
        envelope(
            "WH-SR" + u,
            "PAYMENT.SALE.REFUNDED",
            "refund",
            """
            {"id":"REF%s","state":"completed","amount":{"total":"-7.00","currency":"GBP"},
             "sale_id":"%s","parent_payment":"PAY-%s","total_refunded_amount":{"value":"7.00","currency":"GBP"},
             "create_time":"2026-12-03T10:00:00Z"}"""
                .formatted(u, secondSale, u));
    assertThat(deliver(saleRefund).statusCode()).isEqualTo(200);
    assertThat(entries(secondSale))
        .containsExactly("RENEWAL MONTHLY 700 GBP", "REFUND MONTHLY -700 GBP");

    // "manage my support": a new amount, then cancel, both at PayPal
    long id =
        jdbc.sql("SELECT id FROM subscription WHERE provider_subscription_id = :s")
            .param("s", subscriptionId)
            .query(Long.class)
            .single();
    PAYPAL.stubFor(
        patch(urlPathEqualTo("/v1/billing/subscriptions/" + subscriptionId))
            .willReturn(aResponse().withStatus(204)));
    String session = manageSession(email);
    supporters.changeAmount(session, id, "12", "en");
    PAYPAL.verify(
        patchRequestedFor(urlPathEqualTo("/v1/billing/subscriptions/" + subscriptionId))
            .withRequestBody(
                matchingJsonPath(
                    "$[0].path",
                    equalTo("/plan/billing_cycles/@sequence==1/pricing_scheme/fixed_price")))
            .withRequestBody(matchingJsonPath("$[0].value.value", equalTo("12.00"))));
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/billing/subscriptions/" + subscriptionId + "/cancel"))
            .willReturn(aResponse().withStatus(204)));
    supporters.cancel(session, id, "en");
    PAYPAL.verify(
        postRequestedFor(urlPathEqualTo("/v1/billing/subscriptions/" + subscriptionId + "/cancel"))
            .withRequestBody(matchingJsonPath("$.reason")));
    assertThat(subscriptionStatus(subscriptionId)).isEqualTo("CANCELLED");

    // PayPal's own word on it afterwards changes nothing
    String cancelled =
        envelope(
            "WH-C" + u,
            "BILLING.SUBSCRIPTION.CANCELLED",
            "subscription",
            "{\"id\":\"" + subscriptionId + "\",\"status\":\"CANCELLED\"}");
    assertThat(deliver(cancelled).statusCode()).isEqualTo(200);
    assertThat(subscriptionStatus(subscriptionId)).isEqualTo("CANCELLED");
    assertThat(raised()).as("GBP gifts do not count toward a USD goal").isEqualTo(before);
  }

  @Test
  void aSuspendedSubscriptionIsPastDueAndAnExpiredOneEnds() throws Exception {
    String subscriptionId = "I-SUSP" + u;
    String checkoutId = monthlyGiftOf(subscriptionId, "susp-" + u + "@example.org", "5.00");
    assertThat(checkoutId).isNotNull();
    deliver(
        envelope(
            "WH-SU" + u,
            "BILLING.SUBSCRIPTION.SUSPENDED",
            "subscription",
            "{\"id\":\"" + subscriptionId + "\",\"status\":\"SUSPENDED\"}"));
    assertThat(subscriptionStatus(subscriptionId)).isEqualTo("PAST_DUE");
    deliver(
        envelope(
            "WH-EX" + u,
            "BILLING.SUBSCRIPTION.EXPIRED",
            "subscription",
            "{\"id\":\"" + subscriptionId + "\",\"status\":\"EXPIRED\"}"));
    assertThat(subscriptionStatus(subscriptionId)).isEqualTo("CANCELLED");
  }

  @Test
  void theDashboardTheListAndTheCsvShowEveryRailSideBySideAndRefundsSubtract() throws Exception {
    RevenueReports.Rail paypalBefore = rail("paypal");
    RevenueReports.Rail offlineBefore = rail("manual");
    String orderId = "DASH" + u;
    String captureId = "DASHCAP" + u;
    stubOrder(orderId);
    startCheckout("once", "3000");
    String checkoutId = checkoutOf(orderId);
    stubOrderDetails(orderId, checkoutId, "dash-" + u + "@example.org");
    assertThat(
            deliver(captureCompleted("WH-D" + u, captureId, orderId, checkoutId, "30.00"))
                .statusCode())
        .isEqualTo(200);
    String refund =
        envelope(
            "WH-DR" + u,
            "PAYMENT.CAPTURE.REVERSED",
            "refund",
            """
            {"id":"CB%s","status":"COMPLETED","amount":{"value":"5.00","currency_code":"USD"},
             "links":[{"href":"https://api.sandbox.paypal.com/v2/payments/captures/%s","rel":"up","method":"GET"}]}"""
                .formatted(u, captureId));
    assertThat(deliver(refund).statusCode()).isEqualTo(200);
    manual.recordOfflineGift(
        "offline-" + u + "@example.org",
        "12",
        "USD",
        java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString(),
        "en");

    RevenueReports.Rail paypalAfter = rail("paypal");
    RevenueReports.Rail offlineAfter = rail("manual");
    assertThat(paypalAfter.raisedThisMonth().minor() - paypalBefore.raisedThisMonth().minor())
        .as("a chargeback subtracts")
        .isEqualTo(2500);
    assertThat(paypalAfter.refundedThisMonth().minor() - paypalBefore.refundedThisMonth().minor())
        .isEqualTo(500);
    assertThat(paypalAfter.checkoutsStarted() - paypalBefore.checkoutsStarted()).isEqualTo(1);
    assertThat(paypalAfter.giftsCompleted() - paypalBefore.giftsCompleted()).isEqualTo(1);
    assertThat(offlineAfter.raisedThisMonth().minor() - offlineBefore.raisedThisMonth().minor())
        .isEqualTo(1200);

    var admin = admin();
    var html = admin.get("/newsroom/revenue").html();
    assertThat(html.select("#rails tbody tr[data-rail=paypal] th").text()).contains("PayPal");
    assertThat(html.select("#rails tbody tr[data-rail=paypal] .raised").text())
        .isEqualTo(paypalAfter.raisedThisMonth().format(java.util.Locale.ENGLISH));
    assertThat(html.select("#rails tbody tr[data-rail=manual] th").text()).contains("Offline");
    assertThat(html.select("svg.revenue-chart rect.rail-segment")).isNotEmpty();

    var list = admin.get("/newsroom/revenue/contributions?rail=paypal&email=dash-" + u).html();
    assertThat(list.select("table.ledger tbody tr")).hasSize(2);
    assertThat(list.select("table.ledger tbody td.rail").eachText()).containsOnly("PayPal");
    assertThat(
            admin
                .get("/newsroom/revenue/contributions?rail=manual&email=dash-" + u)
                .html()
                .select("table.ledger tbody tr"))
        .isEmpty();
    String csv =
        admin.get("/newsroom/revenue/contributions.csv?rail=paypal&email=dash-" + u).body();
    assertThat(csv.lines().skip(1)).hasSize(2).allSatisfy(l -> assertThat(l).endsWith(",PayPal"));
    assertThat(admin.get("/newsroom/revenue/contributions?rail=%3Cx%3E").status()).isEqualTo(400);
  }

  RevenueReports.Rail rail(String provider) {
    return reports.dashboard().rails().stream()
        .filter(r -> r.provider().equals(provider))
        .findFirst()
        .orElseGet(
            () ->
                new RevenueReports.Rail(
                    provider,
                    provider,
                    false,
                    Money.of(0, "USD"),
                    Money.of(0, "USD"),
                    0,
                    0,
                    0,
                    0,
                    List.of()));
  }

  // ---------------------------------------------------------------------------------------------

  /** A USD monthly gift through the whole flow, up to its first payment's webhook. */
  String monthlyGiftOf(String subscriptionId, String email, String value) throws Exception {
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/catalogs/products"))
            .willReturn(okJson("{\"id\":\"PROD-M" + u + "\"}").withStatus(201)));
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/billing/plans"))
            .willReturn(okJson("{\"id\":\"P-M" + u + "\"}").withStatus(201)));
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v1/billing/subscriptions"))
            .willReturn(
                okJson(
                        "{\"id\":\""
                            + subscriptionId
                            + "\",\"status\":\"APPROVAL_PENDING\",\"links\":[{\"href\":\"https://www.sandbox.paypal.com/a\",\"rel\":\"approve\",\"method\":\"GET\"}]}")
                    .withStatus(201)));
    startCheckout("monthly", "500");
    String checkoutId = checkoutOf(subscriptionId);
    PAYPAL.stubFor(
        get(urlPathEqualTo("/v1/billing/subscriptions/" + subscriptionId))
            .willReturn(
                okJson(
                    "{\"id\":\"%s\",\"status\":\"ACTIVE\",\"custom_id\":\"%s\",\"subscriber\":{\"email_address\":\"%s\"}}"
                        .formatted(subscriptionId, checkoutId, email))));
    assertThat(
            deliver(saleCompleted("WH-M" + u, "SALE-M" + u, subscriptionId, value, "USD"))
                .statusCode())
        .isEqualTo(200);
    return checkoutId;
  }

  Response startCheckout(String frequency, String minor) {
    return startCheckout(frequency, minor, "USD");
  }

  Response startCheckout(String frequency, String minor, String currency) {
    return client()
        .post(
            "/support/checkout",
            Map.of(
                "provider",
                "paypal",
                "frequency",
                frequency,
                "amount",
                minor,
                "currency",
                currency));
  }

  void stubOrder(String orderId) {
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v2/checkout/orders"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id":"%s","status":"PAYER_ACTION_REQUIRED","payment_source":{"paypal":{}},"links":[
                          {"href":"https://api-m.sandbox.paypal.com/v2/checkout/orders/%s","rel":"self","method":"GET"},
                          {"href":"https://www.sandbox.paypal.com/checkoutnow?token=%s","rel":"payer-action","method":"GET"}]}"""
                            .formatted(orderId, orderId, orderId))));
    PAYPAL.stubFor(
        post(urlPathEqualTo("/v2/checkout/orders/" + orderId + "/capture"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"" + orderId + "\",\"status\":\"COMPLETED\"}")));
  }

  void stubOrderDetails(String orderId, String checkoutId, String email) {
    PAYPAL.stubFor(
        get(urlPathEqualTo("/v2/checkout/orders/" + orderId))
            .willReturn(
                okJson(
                    """
                    {"id":"%s","status":"COMPLETED","intent":"CAPTURE",
                     "payment_source":{"paypal":{"email_address":"%s","account_id":"QYR5Z8XDVJNXQ",
                       "name":{"given_name":"Anna","surname":"Reader"},
                       "address":{"country_code":"DE"}}},
                     "payer":{"email_address":"%s","payer_id":"QYR5Z8XDVJNXQ","name":{"given_name":"Anna","surname":"Reader"}},
                     "purchase_units":[{"reference_id":"default","custom_id":"%s"}]}"""
                        .formatted(orderId, email, email, checkoutId))));
  }

  static String captureCompleted(
      String eventId, String captureId, String orderId, String checkoutId, String value) {
    return envelope(
        eventId,
        "PAYMENT.CAPTURE.COMPLETED",
        "capture",
        """
        {"id":"%s","status":"COMPLETED","amount":{"currency_code":"USD","value":"%s"},"final_capture":true,
         "custom_id":"%s","seller_protection":{"status":"ELIGIBLE"},
         "seller_receivable_breakdown":{"gross_amount":{"currency_code":"USD","value":"%s"}},
         "supplementary_data":{"related_ids":{"order_id":"%s"}},
         "create_time":"2026-12-03T10:00:00Z","update_time":"2026-12-03T10:00:00Z",
         "links":[{"href":"https://api.sandbox.paypal.com/v2/payments/captures/%s","rel":"self","method":"GET"}]}"""
            .formatted(captureId, value, checkoutId, value, orderId, captureId));
  }

  static String saleCompleted(
      String eventId, String saleId, String subscriptionId, String value, String currency) {
    return envelope(
        eventId,
        "PAYMENT.SALE.COMPLETED",
        "sale",
        """
        {"id":"%s","state":"completed","amount":{"total":"%s","currency":"%s","details":{"subtotal":"%s"}},
         "payment_mode":"INSTANT_TRANSFER","billing_agreement_id":"%s",
         "transaction_fee":{"currency":"%s","value":"0.50"},
         "create_time":"2026-12-03T10:00:00Z","update_time":"2026-12-03T10:00:00Z"}"""
            .formatted(saleId, value, currency, value, subscriptionId, currency));
  }

  static String envelope(String eventId, String type, String resourceType, String resource) {
    ObjectNode event = JSON.createObjectNode();
    event.put("id", eventId);
    event.put("event_version", "1.0");
    event.put("create_time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("resource_type", resourceType);
    event.put("event_type", type);
    event.put("summary", type);
    event.set("resource", JSON.readTree(resource));
    return event.toString();
  }

  /** A delivery whose certificate is PayPal's sandbox's: PayPal's API is asked about it. */
  HttpResponse<String> deliver(String event) throws IOException, InterruptedException {
    String eventId = JSON.readTree(event).path("id").asString();
    return deliver(
        event,
        "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
        "tid-" + eventId,
        "c2lnbmF0dXJl",
        Instant.now().toString());
  }

  /** A delivery signed as PayPal signs them, with {@code certificate}'s key. */
  HttpResponse<String> deliverSigned(
      String event, String certUrl, TestCertificates.Issued certificate, String webhookId)
      throws IOException, InterruptedException {
    String eventId = JSON.readTree(event).path("id").asString();
    String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String transmissionId = "tid-" + eventId;
    return deliver(
        event,
        certUrl,
        transmissionId,
        certificate.sign(transmissionId, time, webhookId, event),
        time);
  }

  HttpResponse<String> deliver(
      String event, String certUrl, String transmissionId, String signature, String time)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/paypal"))
            .header("Content-Type", "application/json")
            .header("PAYPAL-AUTH-ALGO", "SHA256withRSA")
            .header("PAYPAL-CERT-URL", certUrl)
            .header("PAYPAL-TRANSMISSION-ID", transmissionId)
            .header("PAYPAL-TRANSMISSION-SIG", signature)
            .header("PAYPAL-TRANSMISSION-TIME", time)
            .POST(HttpRequest.BodyPublishers.ofString(event))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  LoggedRequest only(String method, String path) {
    List<LoggedRequest> found =
        PAYPAL.getAllServeEvents().stream()
            .map(e -> e.getRequest())
            .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().equals(path))
            .toList();
    assertThat(found).as(method + " " + path).hasSize(1);
    return found.get(0);
  }

  String checkoutOf(String sessionId) {
    return jdbc.sql("SELECT id::text FROM checkout WHERE provider_session_id = :s")
        .param("s", sessionId)
        .query(String.class)
        .single();
  }

  List<String> entries(String paymentId) {
    return jdbc.sql(
            """
            SELECT kind || ' ' || frequency || ' ' || amount_minor || ' ' || currency FROM ledger_entry
            WHERE provider = 'paypal' AND provider_payment_id = :p ORDER BY id""")
        .param("p", paymentId)
        .query(String.class)
        .list();
  }

  String subscriptionStatus(String subscriptionId) {
    return jdbc.sql("SELECT status FROM subscription WHERE provider_subscription_id = :s")
        .param("s", subscriptionId)
        .query(String.class)
        .single();
  }

  long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  long raised() {
    return funding.progress().raised().minor();
  }

  /**
   * Asks for a "manage my support" link as a reader would, takes its token from the queued mail and
   * uses it: the id of the session the reader's page works in.
   */
  private String manageSession(String email) {
    supporters.sendManageLink(email, "en");
    String text =
        jdbc.sql(
                """
                SELECT text_body FROM mail_outbox
                WHERE recipient = :to AND text_body LIKE '%/support/manage/%'
                ORDER BY created_at DESC LIMIT 1
                """)
            .param("to", email)
            .query(String.class)
            .single();
    java.util.regex.Matcher token =
        java.util.regex.Pattern.compile("/support/manage/([A-Za-z0-9_-]+)").matcher(text);
    assertThat(token.find()).as("a manage link in: " + text).isTrue();
    return supporters.openSession(token.group(1)).orElseThrow();
  }
}
