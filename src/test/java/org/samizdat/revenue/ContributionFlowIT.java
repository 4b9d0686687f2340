package org.samizdat.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.Money;
import org.samizdat.platform.security.AppSecrets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The whole giving flow in test mode over HTTP, and the ledger's exactly-once rules. */
class ContributionFlowIT extends IntegrationTest {

  @Autowired Funding funding;
  @Autowired ExchangeRates rates;
  @Autowired org.samizdat.platform.PlatformSettings platform;
  @Autowired AppSecrets secrets;
  @Autowired JdbcClient jdbc;

  TestModeWebhooks webhooks;
  String u;

  @BeforeEach
  void setUp() {
    webhooks = new TestModeWebhooks(secrets, port);
    u = UUID.randomUUID().toString().substring(0, 8);
  }

  long ledgerRows(String eventId) {
    return jdbc.sql("SELECT count(*) FROM ledger_entry WHERE provider_event_id = :id")
        .param("id", eventId)
        .query(Long.class)
        .single();
  }

  long checkouts() {
    return jdbc.sql("SELECT count(*) FROM checkout").query(Long.class).single();
  }

  @Test
  void aReaderGivesFiveAMonthInTestModeAndTheGoalMoves() {
    long before = funding.progress().raised().minor();
    WebClient reader = client();
    Response pay = reader.get("/support/pay?frequency=monthly&amount=5&currency=USD");
    assertThat(pay.status()).isEqualTo(200);
    assertThat(pay.body()).contains("TEST MODE");
    var form = pay.html().selectFirst("form[action=/support/checkout]");
    assertThat(form.select("input[name=amount]").val()).isEqualTo("500");

    Response checkout =
        reader.post(
            "/support/checkout",
            Map.of(
                "provider",
                "testmode",
                "frequency",
                "monthly",
                "amount",
                "500",
                "currency",
                "USD"));
    assertThat(checkout.status()).isEqualTo(303);
    String testPage = checkout.location();
    assertThat(testPage).startsWith("/support/testmode/");
    Response provider = reader.get(testPage);
    assertThat(provider.body()).contains("TEST MODE").contains("$5");

    String email = "reader-" + u + "@example.org";
    Response paid = reader.post(testPage, Map.of("action", "pay", "email", email, "name", ""));
    assertThat(paid.status()).isEqualTo(302);
    assertThat(paid.location()).contains("/support/thanks?checkout=");

    Response thanks = reader.get(paid.location().replaceFirst("^https?://[^/]+", ""));
    assertThat(thanks.status()).isEqualTo(200);
    assertThat(thanks.html().select("h1").text()).isEqualTo("Thank you");
    assertThat(thanks.body()).contains("$5 every month");

    assertThat(funding.progress().raised().minor()).isEqualTo(before + 500);
    assertThat(
            jdbc.sql(
                    """
            SELECT count(*) FROM subscription s JOIN supporter p ON p.id = s.supporter_id
            WHERE p.email = :email AND s.status = 'ACTIVE' AND s.amount_minor = 500 AND s.frequency = 'MONTHLY'
            """)
                .param("email", email)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void declinedCheckoutChargesNothing() {
    WebClient reader = client();
    Response checkout =
        reader.post(
            "/support/checkout",
            Map.of(
                "provider", "testmode", "frequency", "once", "amount", "1000", "currency", "USD"));
    Response declined = reader.post(checkout.location(), Map.of("action", "decline"));
    assertThat(declined.location()).contains("/support/cancelled");
    assertThat(
            reader
                .get(declined.location().replaceFirst("^https?://[^/]+", ""))
                .html()
                .select("h1")
                .text())
        .isEqualTo("Payment cancelled");
  }

  @Test
  void badAmountsGetAClearAnswerAndNothingIsStored() {
    long before = checkouts();
    record Case(String query, String message) {}
    List<Case> cases =
        List.of(
            new Case("frequency=monthly&amount=1&currency=USD", "The smallest monthly gift is $2."),
            new Case("frequency=once&amount=4&currency=USD", "The smallest one-time gift is $5."),
            new Case("frequency=once&amount=99999999&currency=USD", "The largest one-time gift"),
            new Case("frequency=monthly&amount=abc&currency=USD", "Enter the amount as a number"),
            new Case("frequency=monthly&amount=-5&currency=USD", "more than zero"),
            new Case("frequency=monthly&amount=0&currency=USD", "more than zero"),
            new Case("frequency=monthly&amount=5.555&currency=USD", "at most 2 decimal places"),
            new Case("frequency=monthly&amount=5&currency=XYZ", "'XYZ' is not one of them"),
            new Case("frequency=weekly&amount=5&currency=USD", "'weekly' is not one of them"),
            new Case("frequency=monthly&amount=&currency=USD", "Enter an amount."));
    for (Case c : cases) {
      Response r = client().get("/support/pay?" + c.query());
      assertThat(r.status()).as(c.query()).isEqualTo(400);
      assertThat(r.html().select(".error").text()).as(c.query()).contains(c.message());
    }
    Response post =
        client()
            .post(
                "/support/checkout",
                Map.of(
                    "provider",
                    "testmode",
                    "frequency",
                    "monthly",
                    "amount",
                    "150",
                    "currency",
                    "USD"));
    assertThat(post.status()).isEqualTo(400);
    assertThat(
            client()
                .post(
                    "/support/checkout",
                    Map.of(
                        "provider",
                        "nope",
                        "frequency",
                        "monthly",
                        "amount",
                        "500",
                        "currency",
                        "USD"))
                .status())
        .isEqualTo(400);
    assertThat(checkouts()).isEqualTo(before);
  }

  @Test
  void aCustomAmountAboveTheMinimumIsAccepted() {
    Response r = client().get("/support/pay?frequency=annual&amount=20&custom=37.50&currency=USD");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.html().select("input[name=amount]").val()).isEqualTo("3750");
  }

  @Test
  void theSameWebhookTwiceOrAHundredTimesAtOnceMakesOneLedgerEntry() throws Exception {
    PaymentEvent.CheckoutCompleted event =
        new PaymentEvent.CheckoutCompleted(
            "evt_dup_" + u,
            Instant.now(),
            null,
            "dup-" + u + "@example.org",
            Money.of(2500, "USD"),
            Frequency.ONCE,
            "cus_" + u,
            null,
            "pi_dup_" + u);
    String payload = TestModeWebhooks.payload(event);
    String signature = webhooks.sign(payload);
    assertThat(webhooks.send(payload, signature).statusCode()).isEqualTo(200);
    assertThat(webhooks.send(payload, signature).statusCode()).isEqualTo(200);
    assertThat(ledgerRows("evt_dup_" + u)).isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT event_json FROM provider_event WHERE event_id = :id")
                .param("id", "evt_dup_" + u)
                .query(String.class)
                .single())
        .as("the stored event keeps the ids and amounts the ledger needs, not the payer's address")
        .contains("pi_dup_" + u, "2500")
        .doesNotContain("dup-" + u + "@example.org");

    PaymentEvent.CheckoutCompleted parallel =
        new PaymentEvent.CheckoutCompleted(
            "evt_par_" + u,
            Instant.now(),
            null,
            "par-" + u + "@example.org",
            Money.of(1000, "USD"),
            Frequency.ONCE,
            "cus_p" + u,
            null,
            "pi_par_" + u);
    String parallelPayload = TestModeWebhooks.payload(parallel);
    String parallelSignature = webhooks.sign(parallelPayload);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      results.add(
          pool.submit(
              (Callable<Integer>)
                  () -> webhooks.send(parallelPayload, parallelSignature).statusCode()));
    }
    for (Future<Integer> f : results) {
      assertThat(f.get()).isEqualTo(200);
    }
    pool.shutdown();
    assertThat(ledgerRows("evt_par_" + u)).isEqualTo(1);
  }

  @Test
  void forgedStaleOrMalformedWebhooksAreRefusedAndChangeNothing() throws Exception {
    PaymentEvent.CheckoutCompleted event =
        new PaymentEvent.CheckoutCompleted(
            "evt_forged_" + u,
            Instant.now(),
            null,
            "forged-" + u + "@example.org",
            Money.of(100000, "USD"),
            Frequency.ONCE,
            null,
            null,
            "pi_forged_" + u);
    String payload = TestModeWebhooks.payload(event);
    long now = System.currentTimeMillis() / 1000;
    HttpResponse<String> forged =
        webhooks.send(payload, webhooks.signature(payload, now, "not-the-secret"));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(forged.body()).contains("signature does not match");
    HttpResponse<String> stale =
        webhooks.send(
            payload, webhooks.signature(payload, now - 3600, secrets.get("testmode-webhook")));
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("tolerance");
    assertThat(webhooks.send(payload, null).statusCode()).isEqualTo(400);
    String garbage = "{not json";
    assertThat(webhooks.send(garbage, webhooks.sign(garbage)).statusCode()).isEqualTo(400);
    String tampered = payload.replace("100000", "1");
    assertThat(webhooks.send(tampered, webhooks.sign(payload)).statusCode()).isEqualTo(400);
    assertThat(ledgerRows("evt_forged_" + u)).isZero();
  }

  @Test
  void aRenewalBeforeItsCheckoutWaitsAndALateUpdateCannotUndoACancellation() throws Exception {
    String sub = "sub_order_" + u;
    Instant t0 = Instant.now().minusSeconds(300);
    // the renewal arrives first: kept, not dropped
    webhooks.send(
        new PaymentEvent.RenewalPaid(
            "evt_ren_" + u,
            t0.plusSeconds(60),
            sub,
            "in_" + u,
            Money.of(500, "USD"),
            "pi_ren_" + u));
    assertThat(
            jdbc.sql("SELECT status FROM provider_event WHERE event_id = :id")
                .param("id", "evt_ren_" + u)
                .query(String.class)
                .single())
        .isEqualTo("UNMATCHED");
    assertThat(ledgerRows("evt_ren_" + u)).isZero();
    // then the checkout: both are now in the ledger
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_co_" + u,
            t0,
            null,
            "order-" + u + "@example.org",
            Money.of(500, "USD"),
            Frequency.MONTHLY,
            "cus_o" + u,
            sub,
            null));
    assertThat(ledgerRows("evt_co_" + u)).isEqualTo(1);
    assertThat(ledgerRows("evt_ren_" + u)).isEqualTo(1);
    // cancellation, then a stale "updated: active" snapshot from before it
    webhooks.send(new PaymentEvent.SubscriptionEnded("evt_end_" + u, t0.plusSeconds(200), sub));
    webhooks.send(
        new PaymentEvent.SubscriptionChanged(
            "evt_upd_" + u,
            t0.plusSeconds(100),
            sub,
            "active",
            Money.of(500, "USD"),
            Frequency.MONTHLY));
    assertThat(
            jdbc.sql("SELECT status FROM subscription WHERE provider_subscription_id = :s")
                .param("s", sub)
                .query(String.class)
                .single())
        .isEqualTo("CANCELLED");
  }

  @Test
  void aRefundIsSubtractedOnceFromTheGoal() throws Exception {
    long before = funding.progress().raised().minor();
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_rf_" + u,
            Instant.now(),
            null,
            "refund-" + u + "@example.org",
            Money.of(3000, "USD"),
            Frequency.ONCE,
            null,
            null,
            "pi_rf_" + u));
    assertThat(funding.progress().raised().minor()).isEqualTo(before + 3000);
    webhooks.send(
        new PaymentEvent.Refunded(
            "evt_rf1_" + u, Instant.now(), "pi_rf_" + u, Money.of(1000, "USD")));
    webhooks.send(
        new PaymentEvent.Refunded(
            "evt_rf2_" + u, Instant.now(), "pi_rf_" + u, Money.of(3000, "USD")));
    webhooks.send(
        new PaymentEvent.Refunded(
            "evt_rf2_" + u, Instant.now(), "pi_rf_" + u, Money.of(3000, "USD")));
    assertThat(funding.progress().raised().minor()).isEqualTo(before);
  }

  @Test
  void everyCurrencyCountsAtWhatWasSettledOrAtTheEditorsRateAndNoneIsDroppedSilently()
      throws Exception {
    long before = funding.progress().raised().minor();
    long railBefore = testmodeRail();
    // the provider said what reached the account: that counts, whatever the rates say
    send(
        new PaymentEvent.CheckoutCompleted(
            "evt_gbp_" + u,
            Instant.now(),
            null,
            "gbp-" + u + "@example.org",
            Money.of(1000, "GBP"),
            Frequency.ONCE,
            "cus_g" + u,
            null,
            "pi_gbp_" + u,
            Money.of(1268, "USD")));
    assertThat(funding.progress().raised().minor() - before).isEqualTo(1268);
    assertThat(testmodeRail() - railBefore).as("its rail counts it the same").isEqualTo(1268);
    // half of it refunded: half of what was settled goes
    send(
        new PaymentEvent.Refunded(
            "evt_gbp_refund_" + u, Instant.now(), "pi_gbp_" + u, Money.of(500, "GBP")));
    assertThat(funding.progress().raised().minor() - before).isEqualTo(634);

    // a currency without any rate is reported, not dropped in silence
    before = funding.progress().raised().minor();
    send(
        new PaymentEvent.CheckoutCompleted(
            "evt_chf_" + u,
            Instant.now(),
            null,
            "chf-" + u + "@example.org",
            Money.of(2000, "CHF"),
            Frequency.ONCE,
            "cus_c" + u,
            null,
            "pi_chf_" + u));
    FundingProgress uncounted = funding.progress();
    assertThat(uncounted.raised().minor()).isEqualTo(before);
    assertThat(uncounted.uncounted()).anyMatch(m -> m.currencyCode().equals("CHF"));
    // an editor enters a rate: the gift counts at it, and the rate is there to show beside it
    rates.save("CHF", "USD", "1.1", java.time.LocalDate.now(platform.timeZone()).toString());
    FundingProgress counted = funding.progress();
    assertThat(counted.uncounted()).noneMatch(m -> m.currencyCode().equals("CHF"));
    assertThat(counted.ratesUsed())
        .anyMatch(
            r ->
                r.currency().getCurrencyCode().equals("CHF")
                    && r.describe().equals("1 CHF = 1.1 USD"));
    assertThat(counted.raised().minor() - before).isGreaterThanOrEqualTo(2200);
    assertThat(testmodeRail() - railBefore)
        .as("the dashboard's rail counts every currency as the goal does")
        .isGreaterThanOrEqualTo(634 + 2200);
  }

  private long testmodeRail() {
    Money rail =
        funding.progressByRail(java.time.YearMonth.now(platform.timeZone())).get("testmode");
    return rail == null ? 0 : rail.minor();
  }

  private void send(PaymentEvent event) throws Exception {
    String payload = TestModeWebhooks.payload(event);
    assertThat(webhooks.send(payload, webhooks.sign(payload)).statusCode()).isEqualTo(200);
  }

  @Test
  void theLedgerCannotBeRewritten() {
    assertThatThrownBy(() -> jdbc.sql("UPDATE ledger_entry SET amount_minor = 1").update())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM ledger_entry").update())
        .hasMessageContaining("append-only");
  }

  @Test
  void annualGiftsCountATwelfthAMonth() throws Exception {
    long before = funding.progress().raised().minor();
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_an_" + u,
            Instant.now(),
            null,
            "annual-" + u + "@example.org",
            Money.of(12000, "USD"),
            Frequency.ANNUAL,
            null,
            "sub_an_" + u,
            null));
    assertThat(funding.progress().raised().minor() - before).isBetween(999L, 1001L);
  }

  @Test
  void everyPageCarriesTheBannerAndArticlesTheAppealWithoutCookies() {
    Response home = client().get("/");
    assertThat(home.html().select("#support-banner")).hasSize(1);
    assertThat(home.html().select("#support-banner").text()).contains("raised of");
    assertThat(home.header("Set-Cookie")).isNull();
    Response support = client().get("/ru/support");
    assertThat(support.html().select("form.appeal-form input[name=frequency]")).hasSize(3);
    assertThat(support.html().select(".appeal .remind a").text()).isEqualTo("Напомнить позже.");
  }
}
