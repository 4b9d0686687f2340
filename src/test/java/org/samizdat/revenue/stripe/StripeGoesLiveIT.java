package org.samizdat.revenue.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.samizdat.revenue.stripe.StripeTestSupport.SECRET_KEY;
import static org.samizdat.revenue.stripe.StripeTestSupport.WEBHOOK_SECRET;
import static org.samizdat.revenue.stripe.StripeTestSupport.fixture;
import static org.samizdat.revenue.stripe.StripeTestSupport.form;
import static org.samizdat.revenue.stripe.StripeTestSupport.query;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.PaymentProviders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * "A Stripe account's keys in configuration are all it takes to go live": the whole app, with
 * nothing but {@code samizdat.revenue.stripe.*} set, against a local server that answers in
 * Stripe's wire format. A reader gives over HTTP, Stripe's signed webhooks come back, and the
 * ledger, the goal, the receipts and "manage my support" follow.
 *
 * <p>The Stripe settings make this class a context of its own, so it gets its own embedded
 * PostgreSQL and data directory (see {@link StripeAccount}).
 */
@ContextConfiguration(initializers = StripeGoesLiveIT.StripeAccount.class)
class StripeGoesLiveIT extends IntegrationTest {

  static final ZoneId UTC = ZoneId.of("UTC");
  static final String STRIPE_NAME = "Card, Apple Pay, Google Pay (Stripe)";
  static final Pattern SESSION_URL =
      Pattern.compile("^https://checkout\\.stripe\\.com/c/pay/(cs_test_[A-Za-z0-9]+)#.+$");
  static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Stripe's API, played locally. Started by the initializer, before the context reads its address.
   */
  static final WireMockServer STRIPE =
      new WireMockServer(wireMockConfig().dynamicPort().extensions(new CheckoutSessions()));

  /**
   * Configuration is all it takes: the two secrets and, for this test only, where the API lives.
   * And a data directory of its own, since IntegrationTest's belongs to the shared context; added
   * first, after the dynamic properties, so it wins over them.
   */
  static class StripeAccount
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      synchronized (STRIPE) {
        if (!STRIPE.isRunning()) {
          STRIPE.start();
        }
      }
      Map<String, Object> properties =
          new HashMap<>(OwnDataDirectory.properties("it-stripe-data-"));
      properties.put("samizdat.revenue.stripe.secret-key", SECRET_KEY);
      properties.put("samizdat.revenue.stripe.webhook-secret", WEBHOOK_SECRET);
      properties.put("samizdat.revenue.stripe.api-base", "http://localhost:" + STRIPE.port());
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("stripe-live", properties));
    }
  }

  @AfterAll
  static void stopStripe() {
    STRIPE.stop();
  }

  @Autowired Funding funding;
  @Autowired PaymentProviders providers;
  @Autowired JdbcClient jdbc;
  @Autowired org.springframework.transaction.PlatformTransactionManager transactions;
  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;

  final HttpClient http = HttpClient.newHttpClient();
  String u;

  @BeforeEach
  void stripeAnswers() {
    u = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    STRIPE.resetAll();
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions"))
            .willReturn(aResponse().withTransformers(CheckoutSessions.NAME)));
    // the account settles in dollars: only gifts in other currencies need their balance read
    STRIPE.stubFor(
        get(urlPathEqualTo("/v1/account"))
            .willReturn(
                okJson(
                    """
                    {"id":"acct_1Samizdat","object":"account","country":"US",
                     "default_currency":"usd","charges_enabled":true}""")));
  }

  // ---------------------------------------------------------------------------------------------
  // 1. The test-mode provider is gone.

  @Test
  void withStripeConfiguredOnlyStripeTakesGiftsAndTestModeIsGoneFromEveryPage() {
    assertThat(providers.testMode()).isFalse();
    assertThat(providers.active()).extracting(p -> p.id()).containsExactly("stripe");

    Response pay = client().get("/support/pay?frequency=once&amount=25&currency=USD");
    assertThat(pay.status()).isEqualTo(200);
    assertThat(pay.html().select("ul.methods-list form input[name=provider]"))
        .extracting(e -> e.val())
        .containsExactly("stripe");
    assertThat(pay.html().select("ul.methods-list button.method"))
        .extracting(e -> e.text())
        .containsExactly(STRIPE_NAME);
    assertThat(pay.html().select("ul.methods-list button.method").attr("disabled"))
        .isNotEqualTo("true");
    assertThat(pay.html().select(".testmode-flag")).isEmpty();

    long section = taxonomy.createSection("live-" + u, "Live " + u, "Живое " + u, 90);
    long author = taxonomy.createAuthor("Reporter " + u, "reporter-" + u, "Covers money " + u);
    long article =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                "Stripe goes live " + u,
                "Standfirst " + u,
                "Body " + u,
                section,
                List.of(),
                List.of(author),
                null,
                "",
                "",
                null),
            new Actor(0, "Test editor"));
    publishing.publishNow(article, new Actor(0, "Test editor"));
    String articlePath = articles.get(article).path(UTC);

    for (String path :
        List.of(
            "/",
            articlePath,
            "/support",
            "/ru/support",
            "/support/pay?frequency=monthly&amount=5&currency=USD")) {
      Response page = client().get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.body())
          .as(path)
          .doesNotContain("TEST MODE")
          .doesNotContain("ТЕСТОВЫЙ РЕЖИМ")
          .doesNotContain("testmode");
    }
    assertThat(client().get(articlePath).html().select("article h1").text())
        .isEqualTo("Stripe goes live " + u);

    assertThat(client().get("/support/testmode/" + UUID.randomUUID()).status()).isEqualTo(404);
    HttpResponse<String> testModeWebhook =
        send(
            HttpRequest.newBuilder(uri("/webhooks/testmode"))
                .header("Content-Type", "application/json")
                .header(
                    "samizdat-testmode-signature", "t=" + Instant.now().getEpochSecond() + ",v1=00")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"CheckoutCompleted\",\"event\":{}}")));
    assertThat(testModeWebhook.statusCode()).isEqualTo(404);
    // and a checkout can only be opened with Stripe
    assertThat(checkout("testmode", "once", "2500", "USD").status()).isEqualTo(400);
    assertThat(STRIPE.getAllServeEvents()).as("nothing went to Stripe").isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // 2. A one-time gift.

  @Test
  void aOneTimeGiftGoesThroughStripeCheckoutAndIsCountedOnceFromItsSignedWebhook() {
    long before = raised();
    WebClient reader = client();
    Response pay = reader.get("/support/pay?frequency=once&amount=25&currency=USD");
    assertThat(
            pay.html()
                .select("form:has(input[name=provider][value=stripe]) input[name=amount]")
                .val())
        .isEqualTo("2500");

    Response checkout =
        reader.post(
            "/support/checkout",
            Map.of("provider", "stripe", "frequency", "once", "amount", "2500", "currency", "USD"));

    assertThat(checkout.status()).isEqualTo(303);
    String sessionId = sessionOf(checkout.location());
    LoggedRequest sent = sessionRequest();
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + SECRET_KEY);
    assertThat(sent.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    Map<String, String> params = form(sent);
    String checkoutId = params.get("client_reference_id");
    assertThat(checkoutIdOf(sessionId))
        .as("the checkout row names the session Stripe opened")
        .isEqualTo(checkoutId);
    assertThat(params)
        .containsEntry("mode", "payment")
        .containsEntry("submit_type", "donate")
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("line_items[0][price_data][unit_amount]", "2500")
        .containsEntry("line_items[0][price_data][currency]", "usd")
        .containsEntry("metadata[checkout_id]", checkoutId)
        .containsEntry("metadata[frequency]", "once")
        .containsEntry("payment_intent_data[metadata][checkout_id]", checkoutId)
        .containsEntry("locale", "en")
        .doesNotContainKey("line_items[0][price_data][recurring][interval]");
    assertThat(params.get("line_items[0][price_data][product_data][name]"))
        .startsWith("One-time support for ");
    assertThat(params.get("success_url"))
        .startsWith("http")
        .endsWith("/support/thanks?checkout=" + checkoutId);
    assertThat(params.get("cancel_url"))
        .startsWith("http")
        .endsWith("/support/cancelled?checkout=" + checkoutId);
    assertThat(checkoutStatus(checkoutId)).isEqualTo("STARTED");
    assertThat(reader.get("/support/thanks?checkout=" + checkoutId).body())
        .as("back from Stripe before its webhook")
        .contains("being confirmed");

    String email = "anna-" + u + "@example.org";
    String paymentIntent = "pi_3Live" + u;
    String paid =
        event(
            "checkout.session.completed.once.json",
            Instant.now(),
            session -> {
              session.put("id", sessionId);
              session.put("client_reference_id", checkoutId);
              ((ObjectNode) session.get("metadata")).put("checkout_id", checkoutId);
              ((ObjectNode) session.get("customer_details")).put("email", email);
              session.put("payment_intent", paymentIntent);
              session.put("amount_total", 2500);
              session.put("amount_subtotal", 2500);
              session.put("currency", "usd");
              session.put("success_url", params.get("success_url"));
              session.put("cancel_url", params.get("cancel_url"));
            });

    HttpResponse<String> delivered = deliver(paid);
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
    String eventId = eventIdOf(paid);
    assertThat(eventStatus(eventId)).isEqualTo("PROCESSED");
    assertThat(ledger(eventId))
        .containsExactly(new Entry("PAYMENT", "ONCE", 2500, "USD", paymentIntent));
    assertThat(raised()).isEqualTo(before + 2500);
    assertThat(STRIPE.findAll(getRequestedFor(urlPathMatching("/v1/payment_intents/.*"))))
        .as("a dollar gift to a dollar account settles in dollars: its balance is not read back")
        .isEmpty();
    // the receipt is queued with the payment (Receipts hears ContributionCompleted before the
    // commit)
    await().atMost(Duration.ofSeconds(10)).until(() -> mails(email) == 1);
    assertThat(mails(email)).isEqualTo(1);
    assertThat(mailText(email, "receipt")).contains("$25").contains("/support/manage");
    assertThat(checkoutStatus(checkoutId)).isEqualTo("COMPLETED");

    // Stripe retries whatever it is not sure we got: the same event, a fresh signature
    HttpResponse<String> again = deliver(paid);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(ledger(eventId)).hasSize(1);
    assertThat(raised()).isEqualTo(before + 2500);
    assertThat(mails(email)).isEqualTo(1);

    Response thanks = reader.get("/support/thanks?checkout=" + checkoutId);
    assertThat(thanks.html().select("h1").text()).isEqualTo("Thank you");
    assertThat(thanks.body()).contains("A receipt is on its way").contains("$25");
  }

  @Test
  void aGiftInEurosCountsTowardTheDollarGoalAtWhatStripeSettledItAs() {
    euroGiftSettledInDollars(false);
  }

  /** Leaving no address changes nothing about the money: what settled is kept as well. */
  @Test
  void anAnonymousGiftInEurosAlsoCountsAtWhatStripeSettledItAs() {
    euroGiftSettledInDollars(true);
  }

  private void euroGiftSettledInDollars(boolean anonymous) {
    String u = this.u + (anonymous ? "anon" : "");
    long before = raised();
    WebClient reader = client();
    Map<String, String> form =
        new java.util.HashMap<>(
            Map.of("provider", "stripe", "frequency", "once", "amount", "2000", "currency", "EUR"));
    if (anonymous) {
      form.put("anonymous", "1");
    }
    Response checkout = reader.post("/support/checkout", form);
    assertThat(checkout.status()).isEqualTo(303);
    String sessionId = sessionOf(checkout.location());
    String checkoutId = form(sessionRequest()).get("client_reference_id");
    String paymentIntent = "pi_3Euro" + u;
    // Stripe converted the EUR 20.00 into the account's dollars: its balance transaction says so
    STRIPE.stubFor(
        get(urlPathEqualTo("/v1/payment_intents/" + paymentIntent))
            .willReturn(
                okJson(
                    """
                    {"id":"%s","object":"payment_intent","amount":2000,"currency":"eur",
                     "status":"succeeded",
                     "latest_charge":{"id":"ch_3Euro%s","object":"charge","amount":2000,"currency":"eur",
                       "balance_transaction":{"id":"txn_3Euro%s","object":"balance_transaction",
                         "amount":2163,"currency":"usd","fee":93,"net":2070,"exchange_rate":1.0815,
                         "status":"pending","type":"charge"}}}"""
                        .formatted(paymentIntent, u, u))));
    String paid =
        event(
            "checkout.session.completed.once.json",
            Instant.now(),
            session -> {
              session.put("id", sessionId);
              session.put("client_reference_id", checkoutId);
              ((ObjectNode) session.get("metadata")).put("checkout_id", checkoutId);
              ((ObjectNode) session.get("customer_details"))
                  .put("email", "eu-" + u + "@example.org");
              session.put("payment_intent", paymentIntent);
              session.put("amount_total", 2000);
              session.put("amount_subtotal", 2000);
              session.put("currency", "eur");
            });
    HttpResponse<String> delivered = deliver(paid);
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
    String eventId = eventIdOf(paid);
    assertThat(ledger(eventId))
        .containsExactly(new Entry("PAYMENT", "ONCE", 2000, "EUR", paymentIntent));
    assertThat(
            jdbc.sql(
                    "SELECT settled_minor || ' ' || settled_currency FROM ledger_entry"
                        + " WHERE provider_event_id = :id")
                .param("id", eventId)
                .query(String.class)
                .single())
        .isEqualTo("2163 USD");
    assertThat(raised()).as("the goal moves by what reached the account").isEqualTo(before + 2163);
    STRIPE.verify(getRequestedFor(urlPathEqualTo("/v1/payment_intents/" + paymentIntent)));
    assertThat(
            jdbc.sql("SELECT supporter_id IS NULL FROM ledger_entry WHERE provider_event_id = :id")
                .param("id", eventId)
                .query(Boolean.class)
                .single())
        .as("an anonymous gift has no supporter")
        .isEqualTo(anonymous);
  }

  // ---------------------------------------------------------------------------------------------
  // 3. A monthly gift: started, renewed, ended, and a late update.

  @Test
  void aMonthlyGiftIsStartedRenewedAndEndedByStripesWebhooksAndALateUpdateCannotReviveIt() {
    long before = raised();
    String email = "ivan-" + u + "@example.org";
    Instant t0 = Instant.now().minusSeconds(300);
    Monthly gift = startMonthly(email, 1000, t0);

    Map<String, String> params = form(sessionRequest());
    assertThat(params)
        .containsEntry("mode", "subscription")
        .containsEntry("line_items[0][price_data][unit_amount]", "1000")
        .containsEntry("line_items[0][price_data][currency]", "usd")
        .containsEntry("line_items[0][price_data][recurring][interval]", "month")
        .containsEntry("subscription_data[metadata][checkout_id]", gift.checkoutId())
        .containsEntry("subscription_data[metadata][frequency]", "monthly")
        .doesNotContainKeys("submit_type", "payment_intent_data[metadata][checkout_id]");
    assertThat(subscription(gift.subscriptionId()))
        .isEqualTo(new Sub("ACTIVE", "MONTHLY", 1000, "USD"));
    assertThat(ledger(gift.eventId()))
        .containsExactly(new Entry("PAYMENT", "MONTHLY", 1000, "USD", null));
    assertThat(raised()).isEqualTo(before + 1000);

    // Stripe also says the first invoice was paid: Checkout's payment, already counted
    String firstInvoice =
        event(
            "invoice.paid.first.json",
            t0.plusSeconds(1),
            invoice -> {
              invoice.put("id", "in_1First" + u);
              invoice.put("currency", "usd");
              invoice.put("amount_due", 1000);
              invoice.put("amount_paid", 1000);
              invoice.put("customer", gift.customerId());
              ((ObjectNode) invoice.get("parent").get("subscription_details"))
                  .put("subscription", gift.subscriptionId());
            });
    assertThat(deliver(firstInvoice).statusCode()).isEqualTo(200);
    assertThat(eventStatus(eventIdOf(firstInvoice))).isEqualTo("IGNORED");
    assertThat(ledger(eventIdOf(firstInvoice))).isEmpty();
    assertThat(raised()).isEqualTo(before + 1000);

    // a month later: the renewal; since basil the invoice names no payment intent, so the app asks
    // Stripe
    String invoiceId = "in_1Renew" + u;
    String renewalIntent = "pi_3Renew" + u;
    STRIPE.stubFor(
        get(urlPathEqualTo("/v1/invoice_payments"))
            .willReturn(
                okJson(
                    """
        {"object": "list", "url": "/v1/invoice_payments", "has_more": false, "data": [
          {"id": "inpay_1Renew%1$s", "object": "invoice_payment", "amount_paid": 1000, "amount_requested": 1000,
           "created": %3$d, "currency": "usd", "invoice": "%2$s", "is_default": true, "livemode": false,
           "payment": {"type": "payment_intent", "payment_intent": "%4$s"}, "status": "paid",
           "status_transitions": {"canceled_at": null, "paid_at": %3$d}}]}
        """
                        .formatted(u, invoiceId, t0.getEpochSecond() + 60, renewalIntent))));
    String renewal =
        event(
            "invoice.paid.renewal.json",
            t0.plusSeconds(60),
            invoice -> {
              invoice.put("id", invoiceId);
              invoice.put("currency", "usd");
              invoice.put("amount_due", 1000);
              invoice.put("amount_paid", 1000);
              invoice.put("customer", gift.customerId());
              invoice.put("customer_email", email);
              ((ObjectNode) invoice.get("parent").get("subscription_details"))
                  .put("subscription", gift.subscriptionId());
            });
    assertThat(deliver(renewal).statusCode()).isEqualTo(200);
    assertThat(ledger(eventIdOf(renewal)))
        .containsExactly(new Entry("RENEWAL", "MONTHLY", 1000, "USD", renewalIntent));
    assertThat(raised()).isEqualTo(before + 2000);
    await().atMost(Duration.ofSeconds(10)).until(() -> mails(email) == 2);
    assertThat(mails(email)).as("a receipt for the gift and one for its renewal").isEqualTo(2);
    // asked twice: for the first invoice's payment (so a refund of it can be matched) and the
    // renewal's
    List<LoggedRequest> asked =
        STRIPE.findAll(getRequestedFor(urlPathEqualTo("/v1/invoice_payments"))).stream()
            .filter(
                r -> invoiceId.equals(query(URI.create(r.getUrl()).getRawQuery()).get("invoice")))
            .toList();
    assertThat(asked).hasSize(1);
    assertThat(query(URI.create(asked.get(0).getUrl()).getRawQuery()))
        .containsEntry("status", "paid");
    assertThat(asked.get(0).getHeader("Authorization")).isEqualTo("Bearer " + SECRET_KEY);

    // the reader cancels at Stripe (or the card finally fails for good)
    String deleted =
        event(
            "customer.subscription.deleted.json",
            t0.plusSeconds(200),
            sub -> subscriptionObject(sub, gift));
    assertThat(deliver(deleted).statusCode()).isEqualTo(200);
    assertThat(subscription(gift.subscriptionId()).status()).isEqualTo("CANCELLED");

    // and an "updated: active" snapshot from before the deletion arrives last
    String late =
        event(
            "customer.subscription.updated.json",
            t0.plusSeconds(100),
            sub -> {
              subscriptionObject(sub, gift);
              sub.put("status", "active");
              ((ObjectNode) sub.get("items").get("data").get(0)).put("quantity", 1);
              ((ObjectNode) sub.get("items").get("data").get(0).get("price"))
                  .put("unit_amount", 1000);
            });
    assertThat(deliver(late).statusCode()).isEqualTo(200);
    assertThat(eventStatus(eventIdOf(late))).isEqualTo("PROCESSED");
    assertThat(subscription(gift.subscriptionId()))
        .isEqualTo(new Sub("CANCELLED", "MONTHLY", 1000, "USD"));
    assertThat(raised()).isEqualTo(before + 2000);
  }

  // ---------------------------------------------------------------------------------------------
  // 4. Forged and replayed webhooks.

  @Test
  void aWebhookSignedWithAnotherSecretOrTenMinutesAgoIsRefusedAndRecordsNothing() {
    Response checkout = checkout("stripe", "once", "5000", "USD");
    assertThat(checkout.status()).isEqualTo(303);
    String sessionId = sessionOf(checkout.location());
    String checkoutId = checkoutIdOf(sessionId);
    String email = "forged-" + u + "@example.org";
    String paid =
        event(
            "checkout.session.completed.once.json",
            Instant.now(),
            session -> {
              session.put("id", sessionId);
              session.put("client_reference_id", checkoutId);
              ((ObjectNode) session.get("metadata")).put("checkout_id", checkoutId);
              ((ObjectNode) session.get("customer_details")).put("email", email);
              session.put("payment_intent", "pi_3Forged" + u);
              session.put("amount_total", 5000);
              session.put("currency", "usd");
            });
    String eventId = eventIdOf(paid);
    long before = raised();
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> wrongSecret =
        deliver(paid, StripeSignatures.sign(paid, "whsec_NotThisEndpointsSecret0000000", now));
    assertThat(wrongSecret.statusCode()).isEqualTo(400);
    assertThat(wrongSecret.body()).contains("does not match");

    HttpResponse<String> stale =
        deliver(paid, StripeSignatures.sign(paid, WEBHOOK_SECRET, now - 600));
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("older than 300 s");

    HttpResponse<String> unsigned = deliver(paid, null);
    assertThat(unsigned.statusCode()).isEqualTo(400);

    HttpResponse<String> tampered =
        deliver(
            paid.replace("\"amount_total\":5000", "\"amount_total\":500000"),
            StripeSignatures.sign(paid, WEBHOOK_SECRET, now));
    assertThat(tampered.statusCode()).isEqualTo(400);

    assertThat(eventStatus(eventId)).as("not even recorded as received").isNull();
    assertThat(ledger(eventId)).isEmpty();
    assertThat(mails(email)).isZero();
    assertThat(raised()).isEqualTo(before);
    assertThat(checkoutStatus(checkoutId)).isEqualTo("STARTED");

    // the very same event, signed by Stripe now, is taken
    assertThat(deliver(paid).statusCode()).isEqualTo(200);
    assertThat(ledger(eventId)).hasSize(1);
    assertThat(raised()).isEqualTo(before + 5000);
  }

  // ---------------------------------------------------------------------------------------------
  // 5. Stripe does not answer.

  @Test
  void whenStripeFailsTheReaderIsToldToTryAgainAndIsNotSentAnywhere() {
    STRIPE.stubFor(
        post(urlPathEqualTo("/v1/checkout/sessions"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Request-Id", "req_Down" + u)
                    .withBody(
                        """
            {"error": {"type": "api_error", "message": "An unknown error occurred"}}
            """)));

    Response checkout = checkout("stripe", "once", "2500", "USD");

    assertThat(checkout.status()).isEqualTo(503);
    assertThat(checkout.location()).isNull();
    assertThat(checkout.html().select(".error").text())
        .contains("The payment service did not answer");
    assertThat(checkout.body()).doesNotContain("checkout.stripe.com");
    List<LoggedRequest> attempts =
        STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
    assertThat(attempts).as("the SDK's retries").hasSize(3);
    assertThat(attempts)
        .extracting(r -> r.getHeader("Idempotency-Key"))
        .containsOnly(attempts.get(0).getHeader("Idempotency-Key"));
  }

  // ---------------------------------------------------------------------------------------------
  // 6. Manage my support, with the gift at Stripe.

  @Test
  void whileStripeIsSlowToCancelTheGiftsRowIsNotLockedInTheDatabase() throws Exception {
    String email = "slow-" + u + "@example.org";
    Monthly gift = startMonthly(email, 500, Instant.now().minusSeconds(120));
    long id =
        jdbc.sql(
                "SELECT id FROM subscription WHERE provider = 'stripe' AND provider_subscription_id = :s")
            .param("s", gift.subscriptionId())
            .query(Long.class)
            .single();
    String path = "/v1/subscriptions/" + gift.subscriptionId();
    STRIPE.stubFor(
        delete(urlPathEqualTo(path))
            .willReturn(okJson(subscriptionJson(gift, "canceled", 500)).withFixedDelay(3_000)));
    assertThat(client().post("/support/manage", Map.of("email", email)).status()).isEqualTo(200);
    Matcher m =
        Pattern.compile("https?://[^/\\s]+(/support/manage/\\S+)")
            .matcher(mailText(email, "manage your support"));
    assertThat(m.find()).isTrue();
    String link = supportPage(m.group(1));

    java.util.concurrent.CompletableFuture<Response> cancelling =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> client().post(link + "/recurring/" + id + "/cancel", Map.of("confirm", "yes")));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> STRIPE.findAll(deleteRequestedFor(urlPathEqualTo(path))).size() == 1);
    // Stripe has the request and has not answered: the row is free for anyone else meanwhile
    Long locked =
        new org.springframework.transaction.support.TransactionTemplate(transactions)
            .execute(
                status ->
                    jdbc.sql("SELECT id FROM subscription WHERE id = :id FOR UPDATE NOWAIT")
                        .param("id", id)
                        .query(Long.class)
                        .single());
    assertThat(locked).isEqualTo(id);
    assertThat(cancelling).as("still waiting for Stripe").isNotDone();

    Response cancelled = cancelling.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(subscription(gift.subscriptionId()).status()).isEqualTo("CANCELLED");
    assertThat(mailText(email, "cancelled")).contains("$5");
  }

  @Test
  void aSupporterChangesThenCancelsTheirStripeGiftThroughTheEmailedLink() {
    String email = "manage-" + u + "@example.org";
    Monthly gift = startMonthly(email, 500, Instant.now().minusSeconds(120));
    long id =
        jdbc.sql(
                "SELECT id FROM subscription WHERE provider = 'stripe' AND provider_subscription_id = :s")
            .param("s", gift.subscriptionId())
            .query(Long.class)
            .single();
    String path = "/v1/subscriptions/" + gift.subscriptionId();
    STRIPE.stubFor(
        get(urlPathEqualTo(path)).willReturn(okJson(subscriptionJson(gift, "active", 500))));
    STRIPE.stubFor(
        post(urlPathEqualTo(path)).willReturn(okJson(subscriptionJson(gift, "active", 750))));
    STRIPE.stubFor(
        delete(urlPathEqualTo(path)).willReturn(okJson(subscriptionJson(gift, "canceled", 750))));

    Response asked = client().post("/support/manage", Map.of("email", email));
    assertThat(asked.status()).isEqualTo(200);
    String text = mailText(email, "manage your support");
    assertThat(text).as("the manage-link e-mail").isNotNull();
    Matcher m = Pattern.compile("https?://[^/\\s]+(/support/manage/\\S+)").matcher(text);
    assertThat(m.find()).isTrue();
    String link = supportPage(m.group(1));

    Response page = client().get(link);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.html().select("#recurring-" + id).text()).contains("$5").contains("Active");

    Response changed =
        client().post(link + "/recurring/" + id + "/amount", Map.of("amount", "7.50"));
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.body()).contains("The amount is changed");
    List<LoggedRequest> updates = STRIPE.findAll(postRequestedFor(urlPathEqualTo(path)));
    assertThat(updates).hasSize(1);
    assertThat(form(updates.get(0)))
        .containsEntry("items[0][id]", "si_Live" + u)
        .containsEntry("items[0][price_data][unit_amount]", "750")
        .containsEntry("items[0][price_data][currency]", "usd")
        .containsEntry("items[0][price_data][product]", "prod_SXq0Yt3Mv8KxRd")
        .containsEntry("items[0][price_data][recurring][interval]", "month")
        .containsEntry("proration_behavior", "none");
    assertThat(subscription(gift.subscriptionId()))
        .isEqualTo(new Sub("ACTIVE", "MONTHLY", 750, "USD"));

    Response cancelled =
        client().post(link + "/recurring/" + id + "/cancel", Map.of("confirm", "yes"));
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.body()).contains("Your recurring gift is cancelled");
    List<LoggedRequest> cancels = STRIPE.findAll(deleteRequestedFor(urlPathEqualTo(path)));
    assertThat(cancels).as("the subscription is cancelled at Stripe").hasSize(1);
    assertThat(cancels.get(0).getHeader("Authorization")).isEqualTo("Bearer " + SECRET_KEY);
    assertThat(subscription(gift.subscriptionId()).status()).isEqualTo("CANCELLED");
    assertThat(mailText(email, "cancelled")).contains("$7.50");
    assertThat(client().get(link).html().select("#recurring-" + id).text()).contains("Cancelled");

    // Stripe then reports the deletion it just made: nothing more happens
    String deleted =
        event(
            "customer.subscription.deleted.json",
            Instant.now(),
            sub -> subscriptionObject(sub, gift));
    assertThat(deliver(deleted).statusCode()).isEqualTo(200);
    assertThat(subscription(gift.subscriptionId()).status()).isEqualTo("CANCELLED");
    assertThat(STRIPE.findAll(deleteRequestedFor(urlPathEqualTo(path)))).hasSize(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Stripe's part.

  record Monthly(
      String checkoutId,
      String sessionId,
      String subscriptionId,
      String customerId,
      String eventId) {}

  /** A reader opens a monthly gift over HTTP and Stripe reports it paid, as of {@code at}. */
  Monthly startMonthly(String email, long minor, Instant at) {
    Response checkout = checkout("stripe", "monthly", String.valueOf(minor), "USD");
    assertThat(checkout.status()).isEqualTo(303);
    String sessionId = sessionOf(checkout.location());
    String checkoutId = checkoutIdOf(sessionId);
    String subscriptionId = "sub_1Live" + u;
    String customerId = "cus_Live" + u;
    String completed =
        event(
            "checkout.session.completed.monthly.json",
            at,
            session -> {
              session.put("id", sessionId);
              session.put("client_reference_id", checkoutId);
              ((ObjectNode) session.get("metadata")).put("checkout_id", checkoutId);
              ((ObjectNode) session.get("customer_details")).put("email", email);
              session.put("customer", customerId);
              session.put("subscription", subscriptionId);
              session.put("invoice", "in_1First" + u);
              session.put("amount_total", minor);
              session.put("amount_subtotal", minor);
              session.put("currency", "usd");
              session.put("locale", "en");
            });
    HttpResponse<String> delivered = deliver(completed);
    assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
    return new Monthly(checkoutId, sessionId, subscriptionId, customerId, eventIdOf(completed));
  }

  /** The fixture's subscription, made this gift's. */
  void subscriptionObject(ObjectNode sub, Monthly gift) {
    sub.put("id", gift.subscriptionId());
    sub.put("customer", gift.customerId());
    sub.put("currency", "usd");
    ((ObjectNode) sub.get("metadata")).put("checkout_id", gift.checkoutId());
    ObjectNode item = (ObjectNode) sub.get("items").get("data").get(0);
    item.put("id", "si_Live" + u);
    item.put("subscription", gift.subscriptionId());
    ((ObjectNode) item.get("price")).put("currency", "usd");
  }

  /** What Stripe's API answers for this gift's subscription. */
  String subscriptionJson(Monthly gift, String status, long unitAmount) {
    ObjectNode sub =
        (ObjectNode)
            JSON.readTree(fixture("customer.subscription.updated.json")).get("data").get("object");
    subscriptionObject(sub, gift);
    sub.put("status", status);
    ObjectNode item = (ObjectNode) sub.get("items").get("data").get(0);
    item.put("quantity", 1);
    ((ObjectNode) item.get("price"))
        .put("unit_amount", unitAmount)
        .put("unit_amount_decimal", String.valueOf(unitAmount));
    return JSON.writeValueAsString(sub);
  }

  /** A fixture event with a fresh id, created at {@code created}, its object edited. */
  String event(String fixture, Instant created, Consumer<ObjectNode> edit) {
    ObjectNode event = (ObjectNode) JSON.readTree(fixture(fixture));
    event.put("id", "evt_1Live" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    event.put("created", created.getEpochSecond());
    edit.accept((ObjectNode) event.get("data").get("object"));
    return JSON.writeValueAsString(event);
  }

  static String eventIdOf(String payload) {
    return JSON.readTree(payload).get("id").asString();
  }

  /** Delivered as Stripe does: signed now with the endpoint's secret. */
  HttpResponse<String> deliver(String payload) {
    return deliver(
        payload, StripeSignatures.sign(payload, WEBHOOK_SECRET, Instant.now().getEpochSecond()));
  }

  HttpResponse<String> deliver(String payload, String signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/webhooks/stripe"))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
            .POST(HttpRequest.BodyPublishers.ofString(payload));
    if (signature != null) {
      request.header("Stripe-Signature", signature);
    }
    return send(request);
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A reader's gift from the support page, through {@code provider}, as the form sends it. */
  Response checkout(String provider, String frequency, String minor, String currency) {
    return client()
        .post(
            "/support/checkout",
            Map.of(
                "provider",
                provider,
                "frequency",
                frequency,
                "amount",
                minor,
                "currency",
                currency));
  }

  static String sessionOf(String location) {
    assertThat(location).as("sent to Stripe Checkout").isNotNull();
    Matcher m = SESSION_URL.matcher(location);
    assertThat(m.matches()).as(location).isTrue();
    return m.group(1);
  }

  static LoggedRequest sessionRequest() {
    List<LoggedRequest> requests =
        STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  // ---------------------------------------------------------------------------------------------
  // What the app recorded.

  record Entry(String kind, String frequency, long minor, String currency, String paymentId) {}

  record Sub(String status, String frequency, long minor, String currency) {}

  /**
   * What became of a Stripe event: PROCESSED, IGNORED, UNMATCHED, or null when it was never taken.
   */
  String eventStatus(String eventId) {
    return jdbc.sql(
            "SELECT status FROM provider_event WHERE provider = 'stripe' AND event_id = :id")
        .param("id", eventId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  long raised() {
    return funding.progress().raised().minor();
  }

  String checkoutIdOf(String sessionId) {
    return jdbc.sql(
            "SELECT id FROM checkout WHERE provider = 'stripe' AND provider_session_id = :s")
        .param("s", sessionId)
        .query(UUID.class)
        .single()
        .toString();
  }

  String checkoutStatus(String checkoutId) {
    return jdbc.sql("SELECT status FROM checkout WHERE id = :id")
        .param("id", UUID.fromString(checkoutId))
        .query(String.class)
        .single();
  }

  List<Entry> ledger(String eventId) {
    return jdbc.sql(
            """
            SELECT kind, frequency, amount_minor, currency, provider_payment_id FROM ledger_entry
            WHERE provider = 'stripe' AND provider_event_id = :id ORDER BY id
            """)
        .param("id", eventId)
        .query(
            (rs, n) ->
                new Entry(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getLong(3),
                    rs.getString(4),
                    rs.getString(5)))
        .list();
  }

  Sub subscription(String providerId) {
    return jdbc.sql(
            """
            SELECT status, frequency, amount_minor, currency FROM subscription
            WHERE provider = 'stripe' AND provider_subscription_id = :s
            """)
        .param("s", providerId)
        .query((rs, n) -> new Sub(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
        .single();
  }

  long mails(String to) {
    return jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = :to")
        .param("to", to)
        .query(Long.class)
        .single();
  }

  String mailText(String to, String subjectPart) {
    return jdbc.sql(
            """
            SELECT text_body FROM mail_outbox WHERE recipient = :to AND subject LIKE :s ORDER BY created_at DESC LIMIT 1
            """)
        .param("to", to)
        .param("s", "%" + subjectPart + "%")
        .query(String.class)
        .optional()
        .orElse(null);
  }

  /**
   * POST /v1/checkout/sessions as Stripe answers it: a new open session built from the form the SDK
   * sent (mode, amount, currency, client_reference_id, metadata, return URLs), with a fresh id and
   * a hosted checkout URL. The rest is a real session's shape (stripe/checkout.session.json).
   */
  static final class CheckoutSessions implements ResponseDefinitionTransformerV2 {
    static final String NAME = "stripe-checkout-sessions";

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      Map<String, String> params = form(serveEvent.getRequest());
      String id = "cs_test_b1" + UUID.randomUUID().toString().replace("-", "");
      ObjectNode session = (ObjectNode) JSON.readTree(fixture("checkout.session.json"));
      long amount = Long.parseLong(params.get("line_items[0][price_data][unit_amount]"));
      session.put("id", id);
      session.put(
          "url", "https://checkout.stripe.com/c/pay/" + id + "#fidkdWxOYHwnPyd1blpxYHZxWjA0");
      session.put("created", Instant.now().getEpochSecond());
      session.put("expires_at", Instant.now().plus(Duration.ofHours(24)).getEpochSecond());
      session.put("mode", params.get("mode"));
      session.put("amount_subtotal", amount);
      session.put("amount_total", amount);
      session.put("currency", params.get("line_items[0][price_data][currency]"));
      session.put("client_reference_id", params.get("client_reference_id"));
      session.put("success_url", params.get("success_url"));
      session.put("cancel_url", params.get("cancel_url"));
      session.put("locale", params.get("locale"));
      session.put("submit_type", params.get("submit_type"));
      session.put("customer_email", params.get("customer_email"));
      ObjectNode metadata = session.putObject("metadata");
      params.forEach(
          (key, value) -> {
            if (key.startsWith("metadata[") && key.endsWith("]")) {
              metadata.put(key.substring("metadata[".length(), key.length() - 1), value);
            }
          });
      return new ResponseDefinitionBuilder()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withHeader(
              "Request-Id", "req_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14))
          .withHeader("Stripe-Version", serveEvent.getRequest().getHeader("Stripe-Version"))
          .withBody(JSON.writeValueAsString(session))
          .build();
    }
  }

  /** Follows an e-mailed manage link and presses its button: the path of the supporter's page. */
  private String supportPage(String mailedLink) {
    assertThat(client().get(mailedLink).status()).isEqualTo(200);
    Response used = client().post(mailedLink, Map.of());
    assertThat(used.status()).isEqualTo(303);
    return used.location().replaceFirst("^https?://[^/]+", "");
  }
}
