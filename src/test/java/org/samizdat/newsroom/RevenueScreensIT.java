package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.security.AppSecrets;
import org.samizdat.revenue.AmountRule;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.FundingSettings;
import org.samizdat.revenue.FundingSettingsChangedRecorder;
import org.samizdat.revenue.FundingSettingsEditor;
import org.samizdat.revenue.PaymentEvent;
import org.samizdat.revenue.RevenueReports;
import org.samizdat.revenue.RevenueReports.Dashboard;
import org.samizdat.revenue.TestModeWebhooks;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The newsroom's revenue screens over HTTP, against the real ledger. Other tests add ledger rows
 * too: we compare deltas.
 */
class RevenueScreensIT extends IntegrationTest {

  @Autowired RevenueReports reports;
  @Autowired org.samizdat.revenue.Contributions contributions;
  @Autowired Funding funding;
  @Autowired FundingSettingsEditor settingsEditor;
  @Autowired FundingSettingsChangedRecorder settingsChanged;
  @Autowired StaffDirectory staff;
  @Autowired AppSecrets secrets;
  @Autowired PlatformSettings platform;
  @Autowired JdbcClient jdbc;

  TestModeWebhooks webhooks;
  String u;
  WebClient admin;

  @BeforeEach
  void setUp() {
    webhooks = new TestModeWebhooks(secrets, port);
    u = UUID.randomUUID().toString().substring(0, 8);
    admin = admin();
  }

  private void pay(
      String email, long minor, Frequency frequency, String subscriptionId, String paymentId)
      throws Exception {
    var response =
        webhooks.send(
            new PaymentEvent.CheckoutCompleted(
                "evt_" + UUID.randomUUID(),
                Instant.now(),
                null,
                email,
                Money.of(minor, "USD"),
                frequency,
                "cus_" + u,
                subscriptionId,
                paymentId));
    assertThat(response.statusCode()).isEqualTo(200);
  }

  private long entryFor(String email) {
    return jdbc.sql(
            """
            SELECT e.id FROM ledger_entry e JOIN supporter s ON s.id = e.supporter_id
            WHERE s.email = :email AND e.kind = 'PAYMENT' ORDER BY e.id DESC LIMIT 1
            """)
        .param("email", email)
        .query(Long.class)
        .single();
  }

  private long raised() {
    return funding.progress().raised().minor();
  }

  private long count(String sql, Map<String, Object> params) {
    return jdbc.sql(sql).params(params).query(Long.class).single();
  }

  @Test
  void dashboardNumbersMoveWithATestModePaymentAndTheChartHasTwelveBars() throws Exception {
    Dashboard before = reports.dashboard();
    RevenueReports.Funnel funnelBefore = reports.funnel(30);
    pay("monthly-" + u + "@example.org", 700, Frequency.MONTHLY, "sub_dash_" + u, null);
    pay("once-" + u + "@example.org", 1300, Frequency.ONCE, null, "pi_dash_" + u);
    Dashboard after = reports.dashboard();
    assertThat(reports.funnel(30).completed() - funnelBefore.completed())
        .as("gifts that never passed a checkout are not in the funnel's steps")
        .isZero();
    // A gift through a checkout a reader started counts in both of the funnel's last steps.
    String redirect =
        contributions
            .start("testmode", Frequency.ONCE, Money.of(900, "USD"), "en", "http://localhost")
            .redirectUrl();
    UUID checkout = UUID.fromString(redirect.substring(redirect.lastIndexOf('/') + 1));
    var response =
        webhooks.send(
            new PaymentEvent.CheckoutCompleted(
                "evt_" + UUID.randomUUID(),
                Instant.now(),
                checkout,
                "funnel-" + u + "@example.org",
                Money.of(900, "USD"),
                Frequency.ONCE,
                "cus_" + u,
                null,
                "pi_funnel_" + u));
    assertThat(response.statusCode()).isEqualTo(200);
    RevenueReports.Funnel funnelAfter = reports.funnel(30);
    assertThat(funnelAfter.checkout() - funnelBefore.checkout()).isEqualTo(1);
    assertThat(funnelAfter.completed() - funnelBefore.completed()).isEqualTo(1);
    assertThat(funnelAfter.completed()).isLessThanOrEqualTo(funnelAfter.checkout());

    assertThat(after.thisMonth().raised().minor() - before.thisMonth().raised().minor())
        .isEqualTo(2000);
    assertThat(after.monthlyRecurring().minor() - before.monthlyRecurring().minor()).isEqualTo(700);
    assertThat(after.oneTimeThisMonth().minor() - before.oneTimeThisMonth().minor())
        .isEqualTo(1300);
    assertThat(after.activeRecurringSupporters() - before.activeRecurringSupporters()).isEqualTo(1);
    assertThat(after.newRecurring() - before.newRecurring()).isEqualTo(1);
    assertThat(after.lastTwelveMonths()).hasSize(12);
    assertThat(after.lastTwelveMonths().get(11).raised()).isEqualTo(after.thisMonth().raised());

    Response page = admin.get("/newsroom/revenue");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Cache-Control")).contains("no-store");
    Document html = page.html();
    Dashboard now = reports.dashboard();
    assertThat(html.select("#raised").text())
        .isEqualTo(now.thisMonth().raised().format(Locale.ENGLISH));
    assertThat(html.select("#mrr").text()).isEqualTo(now.monthlyRecurring().format(Locale.ENGLISH));
    assertThat(html.select("#one-time").text())
        .isEqualTo(now.oneTimeThisMonth().format(Locale.ENGLISH));
    assertThat(html.select("#goal-percent").text()).isEqualTo(now.percentOfGoal() + "%");
    assertThat(html.select("#unmatched").text()).isEqualTo(String.valueOf(now.unmatchedEvents()));
    assertThat(html.select("a[href=/newsroom/revenue/unmatched]")).isNotEmpty();

    var svg = html.selectFirst("svg.revenue-chart");
    assertThat(svg).isNotNull();
    assertThat(svg.attr("role")).isEqualTo("img");
    assertThat(svg.select("> title").text()).contains("Raised per month");
    assertThat(svg.select("rect.bar")).hasSize(12);
    assertThat(svg.select("rect.bar").last().select("title").text())
        .contains(now.thisMonth().raised().format(Locale.ENGLISH));
    var table = html.selectFirst(".visually-hidden table.chart-data");
    assertThat(table.select("tbody tr")).hasSize(12);
    assertThat(table.select("tbody tr").last().text())
        .contains(now.thisMonth().raised().format(Locale.ENGLISH));
    assertThat(html.select("table.funnel tbody tr")).hasSize(4);
    assertThat(html.text()).contains("readers with JavaScript");
    // nothing the CSP would block: no inline style or script, no external asset
    assertThat(html.select("[style], script:not([src]), [src^=http]")).isEmpty();
    assertThat(html.select("nav[aria-label=Newsroom] a[href=/newsroom/revenue]").text())
        .isEqualTo("Revenue");
  }

  @Test
  void contributionsAreListedSearchedAndExportedAsWellFormedCsvWithFormulasNeutralised()
      throws Exception {
    // both deliverable addresses (the receipt goes out), one a spreadsheet would run, one that
    // needs quoting
    String formula = "=cmd|" + u + "@x.org";
    String quoted = "\"q,uo" + u + "\"@example.org";
    pay(formula, 1111, Frequency.ONCE, null, "pi_csv1_" + u);
    pay(quoted, 2222, Frequency.ONCE, null, "pi_csv2_" + u);

    Response list = admin.get("/newsroom/revenue/contributions?email=" + u);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.html().select("table.ledger tbody tr")).hasSize(2);
    assertThat(list.html().select("table.ledger tbody tr").first().text())
        .contains(quoted)
        .contains("$22.22");
    assertThat(list.html().select("a:contains(Export CSV)").attr("href"))
        .isEqualTo("/newsroom/revenue/contributions.csv?email=" + u);
    // wildcards are taken literally
    assertThat(
            admin
                .get(
                    "/newsroom/revenue/contributions?email="
                        + URLEncoder.encode("%" + u, StandardCharsets.UTF_8))
                .html()
                .select("table.ledger tbody tr"))
        .isEmpty();
    assertThat(
            admin
                .get("/newsroom/revenue/contributions?email=" + u + "&kind=REFUND")
                .html()
                .select("table.ledger tbody tr"))
        .isEmpty();
    assertThat(admin.get("/newsroom/revenue/contributions?kind=BRIBE").status()).isEqualTo(400);

    Response csv = admin.get("/newsroom/revenue/contributions.csv?email=" + u);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type"))
        .startsWith("text/csv")
        .containsIgnoringCase("charset=utf-8");
    assertThat(csv.header("Content-Disposition"))
        .startsWith("attachment;")
        .contains("filename=\"contributions-");
    assertThat(csv.header("Cache-Control")).contains("no-store");
    List<List<String>> rows = parseCsv(csv.body());
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0))
        .startsWith("Ledger id")
        .contains("E-mail", "Kind", "Amount", "Currency", "Provider");
    assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(rows.get(0).size()));
    int email = rows.get(0).indexOf("E-mail");
    int amount = rows.get(0).indexOf("Amount");
    assertThat(rows.get(1).get(email)).isEqualTo(quoted);
    assertThat(rows.get(1).get(amount)).isEqualTo("22.22");
    assertThat(rows.get(2).get(email)).isEqualTo("'" + formula);
    assertThat(rows.get(2).get(amount)).isEqualTo("11.11");
    assertThat(rows.get(2)).contains("PAYMENT", "ONCE", "USD", "testmode", "pi_csv1_" + u);
    assertThat(csv.body()).doesNotContain("\n=").doesNotContain(",=");
  }

  @Test
  void aRefundCannotExceedWhatIsLeftAndAValidOneLowersTheGoal() throws Exception {
    String email = "refund-" + u + "@example.org";
    pay(email, 5000, Frequency.ONCE, null, "pi_mr_" + u);
    long entry = entryFor(email);
    String detail = "/newsroom/revenue/contributions/" + entry;
    assertThat(admin.open(detail).html().select("#remaining").text()).isEqualTo("$50");
    Map<String, Object> refunds = Map.of("payment", "pi_mr_" + u);
    String refundRows =
        "SELECT count(*) FROM ledger_entry WHERE kind = 'REFUND' AND provider_payment_id = :payment";

    long before = raised();
    Response tooMuch = admin.post(detail + "/refund", Map.of("amount", "50.01"));
    assertThat(tooMuch.status()).isEqualTo(400);
    assertThat(tooMuch.html().select(".error").text()).contains("At most $50");
    assertThat(admin.post(detail + "/refund", Map.of("amount", "abc")).status()).isEqualTo(400);
    assertThat(admin.post(detail + "/refund", Map.of("amount", "-5")).status()).isEqualTo(400);
    assertThat(admin.post(detail + "/refund", Map.of("amount", "1.001")).status()).isEqualTo(400);
    assertThat(count(refundRows, refunds)).isZero();
    assertThat(raised()).isEqualTo(before);

    Response partial = admin.post(detail + "/refund", Map.of("amount", "20"));
    assertThat(partial.status()).isEqualTo(302);
    assertThat(partial.location()).endsWith(detail);
    assertThat(raised()).isEqualTo(before - 2000);
    var row =
        jdbc.sql(
                """
            SELECT r.provider, r.provider_event_id, r.amount_minor, r.frequency, r.supporter_id = p.supporter_id AS same
            FROM ledger_entry r JOIN ledger_entry p ON p.id = :entry
            WHERE r.kind = 'REFUND' AND r.provider_payment_id = :payment
            """)
            .param("entry", entry)
            .param("payment", "pi_mr_" + u)
            .query(
                (rs, n) ->
                    List.of(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getBoolean(5)))
            .single();
    assertThat(row.get(0)).isEqualTo("manual");
    assertThat((String) row.get(1)).startsWith("manual-");
    assertThat(row.get(2)).isEqualTo(-2000L);
    assertThat(row.get(3)).isEqualTo("ONCE");
    assertThat(row.get(4)).isEqualTo(true);
    Document page = admin.get(detail).html();
    assertThat(page.select("#remaining").text()).isEqualTo("$30");
    assertThat(page.text()).contains("Refund of $20 recorded.");

    // the provider's own refund counts too: $10 through the webhook leaves $20
    webhooks.send(
        new PaymentEvent.Refunded(
            "evt_mrw_" + u, Instant.now(), "pi_mr_" + u, Money.of(1000, "USD")));
    assertThat(admin.post(detail + "/refund", Map.of("amount", "20.01")).status()).isEqualTo(400);
    assertThat(admin.post(detail + "/refund", Map.of("amount", "20")).status()).isEqualTo(302);
    assertThat(raised()).isEqualTo(before - 5000);
    Response full = admin.post(detail + "/refund", Map.of("amount", "0.01"));
    assertThat(full.status()).isEqualTo(400);
    assertThat(full.html().select(".error").text()).contains("refunded in full");
    assertThat(count(refundRows, refunds)).isEqualTo(3);

    // a refund entry itself cannot be refunded
    long refundEntry =
        jdbc.sql(
                "SELECT max(id) FROM ledger_entry WHERE kind = 'REFUND' AND provider_payment_id = :p")
            .param("p", "pi_mr_" + u)
            .query(Long.class)
            .single();
    assertThat(
            admin
                .post(
                    "/newsroom/revenue/contributions/" + refundEntry + "/refund",
                    Map.of("amount", "1"))
                .status())
        .isEqualTo(400);
    assertThat(
            admin
                .post("/newsroom/revenue/contributions/999999999/refund", Map.of("amount", "1"))
                .status())
        .isEqualTo(404);
  }

  @Test
  void aRecurringFirstPaymentWithoutAPaymentIdCanBeRefundedOnce() throws Exception {
    String email = "subrefund-" + u + "@example.org";
    pay(email, 900, Frequency.MONTHLY, "sub_mr_" + u, null);
    long entry = entryFor(email);
    String detail = "/newsroom/revenue/contributions/" + entry;
    admin.open(detail);
    long before = raised();
    assertThat(admin.post(detail + "/refund", Map.of("amount", "9")).status()).isEqualTo(302);
    assertThat(raised()).isEqualTo(before - 900);
    assertThat(admin.post(detail + "/refund", Map.of("amount", "1")).status()).isEqualTo(400);
    assertThat(
            jdbc.sql(
                    "SELECT frequency || ' ' || (subscription_id IS NOT NULL) FROM ledger_entry WHERE kind = 'REFUND' AND provider_payment_id = :p")
                .param("p", "ledger-entry-" + entry)
                .query(String.class)
                .single())
        .isEqualTo("MONTHLY true");
  }

  @Test
  void anOfflineGiftIsRecordedAndBadOnesAreRefusedWithNothingWritten() {
    String email = "offline-" + u + "@example.org";
    String today = LocalDate.now(platform.timeZone()).toString();
    admin.open("/newsroom/revenue/offline-gift");
    String rows =
        "SELECT count(*) FROM ledger_entry e JOIN supporter s ON s.id = e.supporter_id WHERE s.email = :email";
    long before = raised();

    Response bad =
        admin.post(
            "/newsroom/revenue/offline-gift",
            Map.of(
                "email",
                email,
                "amount",
                "abc",
                "currency",
                "USD",
                "date",
                LocalDate.now(platform.timeZone()).plusDays(2).toString()));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.html().select(".error").text())
        .contains("Enter the amount as a number")
        .contains("cannot be in the future");
    assertThat(bad.html().select("input[name=email]").val()).isEqualTo(email);
    Response badEmail =
        admin.post(
            "/newsroom/revenue/offline-gift",
            Map.of("email", "not an address", "amount", "10", "currency", "USD", "date", today));
    assertThat(badEmail.status()).isEqualTo(400);
    assertThat(badEmail.html().select(".field-error").text()).contains("e-mail address");
    assertThat(
            admin
                .post(
                    "/newsroom/revenue/offline-gift",
                    Map.of("email", email, "amount", "10", "currency", "XYZ", "date", today))
                .status())
        .isEqualTo(400);
    assertThat(
            admin
                .post(
                    "/newsroom/revenue/offline-gift",
                    Map.of("email", email, "amount", "10", "currency", "USD", "date", "yesterday"))
                .status())
        .isEqualTo(400);
    assertThat(count(rows, Map.of("email", email))).isZero();

    assertThat(
            admin
                .post(
                    "/newsroom/revenue/offline-gift",
                    Map.of(
                        "email",
                        email,
                        "amount",
                        "10",
                        "currency",
                        "USD",
                        "date",
                        today,
                        "language",
                        "de"))
                .status())
        .isEqualTo(400);
    assertThat(count(rows, Map.of("email", email))).isZero();
    assertThat(count("SELECT count(*) FROM supporter WHERE email = :email", Map.of("email", email)))
        .isZero();

    Response ok =
        admin.post(
            "/newsroom/revenue/offline-gift",
            Map.of(
                "email",
                email,
                "amount",
                "250.50",
                "currency",
                "USD",
                "date",
                today,
                "language",
                "ru"));
    assertThat(ok.status()).isEqualTo(302);
    assertThat(ok.location()).contains("/newsroom/revenue/contributions/");
    assertThat(raised()).isEqualTo(before + 25050);
    String entry =
        jdbc.sql(
                """
            SELECT e.provider || ' ' || e.kind || ' ' || e.frequency || ' ' || e.amount_minor || ' ' || e.currency
                   || ' ' || (e.provider_payment_id = e.provider_event_id) || ' ' || (e.provider_event_id LIKE 'manual-%')
            FROM ledger_entry e JOIN supporter s ON s.id = e.supporter_id WHERE s.email = :email
            """)
            .param("email", email)
            .query(String.class)
            .single();
    assertThat(entry).isEqualTo("manual PAYMENT ONCE 25050 USD true true");
    Response detail = admin.get(ok.location().replaceFirst("^https?://[^/]+", ""));
    assertThat(detail.html().select("#entry-amount").text()).isEqualTo("$250.50");

    // an earlier date counts in its own month
    String lastYear =
        LocalDate.now(platform.timeZone()).minusYears(1).withDayOfMonth(15).toString();
    assertThat(
            admin
                .post(
                    "/newsroom/revenue/offline-gift",
                    Map.of("email", email, "amount", "5", "currency", "USD", "date", lastYear))
                .status())
        .isEqualTo(302);
    assertThat(raised()).isEqualTo(before + 25050);
    assertThat(count(rows, Map.of("email", email))).isEqualTo(2);
    // the supporter is added once, in the language chosen then; a later gift changes nothing about
    // them
    assertThat(
            jdbc.sql("SELECT language FROM supporter WHERE email = :email")
                .param("email", email)
                .query(String.class)
                .single())
        .isEqualTo("ru");
  }

  @Test
  void settingsRoundTripAndBadSettingsAreRefusedKeepingTheOldOnes() {
    FundingSettingsEditor.Form original = settingsEditor.current();
    FundingSettings oldSettings = funding.settings();
    List<AmountRule> oldRules = funding.rules();
    int eventsBefore = settingsChanged.events().size();
    try {
      Response form = admin.open("/newsroom/revenue/settings");
      assertThat(form.status()).isEqualTo(200);
      assertThat(form.html().text()).contains("{since}").contains("{goal}").contains("{minimum}");
      Map<String, String> fields = formFields(form.html());
      assertThat(fields)
          .containsKeys(
              "goal",
              "goalCurrency",
              "bannerEn",
              "appealRu",
              "rule.USD.MONTHLY.suggested",
              "newRule.currency");

      Map<String, String> bad = new LinkedHashMap<>(fields);
      bad.put("goal", "-5");
      bad.put("remindLaterDays", "0");
      bad.put("appealCapViews", "many");
      bad.put("bannerEn", "Help us reach {target}");
      bad.put("rule.USD.ONCE.suggested", "10, 20, 30, 40, 50, 60, 70");
      bad.put("rule.USD.MONTHLY.min", "10");
      bad.put("rule.USD.MONTHLY.max", "5");
      bad.put("rule.EUR.ANNUAL.suggested", "1, 50");
      bad.put("newRule.currency", "ZZZ");
      bad.put("newRule.min", "1");
      Response refused = admin.post("/newsroom/revenue/settings", bad);
      assertThat(refused.status()).isEqualTo(400);
      Document page = refused.html();
      assertThat(page.select(".error").text()).contains("Nothing was saved");
      assertThat(page.select(".field-error").text())
          .contains("more than zero")
          .contains("\"Remind me later\" waits 1 to 365 days")
          .contains("not 'many'")
          .contains("{target}")
          .contains("at most 6")
          .contains("at least the smallest")
          .contains("between the smallest")
          .contains("'ZZZ' is not an ISO 4217 currency code");
      assertThat(page.select("input[name=goal]").val()).isEqualTo("-5");
      assertThat(page.select("input[name=goal]").attr("aria-invalid")).isEqualTo("true");
      assertThat(page.select("textarea[name=bannerEn]").text()).isEqualTo("Help us reach {target}");
      assertThat(funding.settings()).isEqualTo(oldSettings);
      assertThat(funding.rules()).isEqualTo(oldRules);
      assertThat(settingsChanged.events()).hasSize(eventsBefore);

      Map<String, String> good = new LinkedHashMap<>(fields);
      good.put("goal", "12345.67");
      good.put("bannerEn", "Test banner " + u + ": {goal} a month since {since}.");
      good.put("appealRu", "Обращение " + u + " от {minimum}.");
      good.put("remindLaterDays", "9");
      good.put("appealCapViews", "5");
      good.put("adsDisabledSince", "2021-06-01");
      good.put("defaultFrequency", "ANNUAL");
      good.put("rule.USD.MONTHLY.suggested", "3, 6, 12.50");
      good.put("rule.USD.MONTHLY.max", "2000");
      Response saved = admin.post("/newsroom/revenue/settings", good);
      assertThat(saved.status()).isEqualTo(302);
      assertThat(saved.location()).endsWith("/newsroom/revenue/settings");

      FundingSettings now = funding.settings();
      assertThat(now.goal()).isEqualTo(Money.of(1234567, "USD"));
      assertThat(now.bannerEn()).isEqualTo("Test banner " + u + ": {goal} a month since {since}.");
      assertThat(now.appealRu()).isEqualTo("Обращение " + u + " от {minimum}.");
      assertThat(now.remindLaterDays()).isEqualTo(9);
      assertThat(now.appealCapViews()).isEqualTo(5);
      assertThat(now.adsDisabledSince()).isEqualTo(LocalDate.of(2021, 6, 1));
      assertThat(now.defaultFrequency()).isEqualTo(Frequency.ANNUAL);
      assertThat(now.bannerRu()).isEqualTo(oldSettings.bannerRu());
      AmountRule monthly =
          funding.rule(java.util.Currency.getInstance("USD"), Frequency.MONTHLY).orElseThrow();
      assertThat(monthly.suggestedMinor()).containsExactly(300L, 600L, 1250L);
      assertThat(monthly.maxMinor()).isEqualTo(200000L);
      assertThat(funding.rules()).hasSameSizeAs(oldRules);
      assertThat(settingsChanged.events()).hasSize(eventsBefore + 1);

      Document reread = admin.get("/newsroom/revenue/settings").html();
      assertThat(reread.text()).contains("Funding settings saved.");
      assertThat(reread.select("input[name=goal]").val()).isEqualTo("12345.67");
      assertThat(reread.select("input[name=rule.USD.MONTHLY.suggested]").val())
          .isEqualTo("3, 6, 12.50");
      assertThat(reread.select("select[name=defaultFrequency] option[selected]").val())
          .isEqualTo("ANNUAL");
    } finally {
      settingsEditor.save(original);
    }
    assertThat(funding.settings().goal()).isEqualTo(oldSettings.goal());
    assertThat(funding.rules()).isEqualTo(oldRules);
  }

  @Test
  void anUnmatchedEventIsQueuedAndCanBeRetried() throws Exception {
    webhooks.send(
        new PaymentEvent.RenewalPaid(
            "evt_um_" + u,
            Instant.now(),
            "sub_um_" + u,
            "in_um_" + u,
            Money.of(500, "USD"),
            "pi_um_" + u));
    Response queue = admin.open("/newsroom/revenue/unmatched");
    assertThat(queue.status()).isEqualTo(200);
    var row = queue.html().select("tr:has(code:containsOwn(evt_um_" + u + "))");
    assertThat(row).hasSize(1);
    assertThat(row.text()).contains("testmode").contains("RenewalPaid").contains("sub_um_" + u);
    assertThat(reports.dashboard().unmatchedEvents()).isPositive();

    Response retry = admin.post("/newsroom/revenue/unmatched/retry", Map.of());
    assertThat(retry.status()).isEqualTo(302);
    assertThat(retry.location()).endsWith("/newsroom/revenue/unmatched");
    Response after = admin.get("/newsroom/revenue/unmatched");
    assertThat(after.html().select(".flash").text())
        .matches("Retried: \\d+ events? applied, \\d+ still waiting\\.");
    assertThat(after.html().select("code:containsOwn(evt_um_" + u + ")")).hasSize(1);
    assertThat(admin.postForm("/newsroom/revenue/unmatched/retry", Map.of(), false).status())
        .isEqualTo(403);
  }

  @Test
  void authorsGetForbiddenOnEveryRevenueAddressAndEditorsGetIn() {
    String email = "author-" + u + "@samizdat.test";
    staff.create(email, "Author " + u, "author-password-123", StaffRole.AUTHOR, null);
    WebClient author = client();
    author.login(email, "author-password-123");
    assertThat(author.get("/newsroom/articles").html().select("a[href=/newsroom/revenue]"))
        .isEmpty();
    long anyEntry =
        jdbc.sql("SELECT coalesce(max(id), 1) FROM ledger_entry").query(Long.class).single();
    for (String path :
        List.of(
            "/newsroom/revenue",
            "/newsroom/revenue/contributions",
            "/newsroom/revenue/contributions.csv",
            "/newsroom/revenue/contributions/" + anyEntry,
            "/newsroom/revenue/offline-gift",
            "/newsroom/revenue/unmatched",
            "/newsroom/revenue/settings")) {
      assertThat(author.get(path).status()).as(path).isEqualTo(403);
    }
    long entries = jdbc.sql("SELECT count(*) FROM ledger_entry").query(Long.class).single();
    for (String path :
        List.of(
            "/newsroom/revenue/contributions/" + anyEntry + "/refund",
            "/newsroom/revenue/offline-gift",
            "/newsroom/revenue/unmatched/retry",
            "/newsroom/revenue/settings")) {
      assertThat(
              author
                  .post(
                      path,
                      Map.of(
                          "amount",
                          "1",
                          "email",
                          "x-" + u + "@example.org",
                          "currency",
                          "USD",
                          "date",
                          LocalDate.now(platform.timeZone()).toString(),
                          "goal",
                          "1"))
                  .status())
          .as(path)
          .isEqualTo(403);
    }
    assertThat(jdbc.sql("SELECT count(*) FROM ledger_entry").query(Long.class).single())
        .isEqualTo(entries);

    String editorEmail = "editor-" + u + "@samizdat.test";
    staff.create(editorEmail, "Editor " + u, "editor-password-123", StaffRole.EDITOR, null);
    WebClient editor = client();
    editor.login(editorEmail, "editor-password-123");
    assertThat(editor.get("/newsroom/revenue").status()).isEqualTo(200);
    assertThat(editor.get("/newsroom/revenue/settings").status()).isEqualTo(200);
  }

  /** What a browser would send for the page's settings form. */
  private static Map<String, String> formFields(Document html) {
    FormElement form = (FormElement) html.selectFirst("form[action=/newsroom/revenue/settings]");
    Map<String, String> fields = new LinkedHashMap<>();
    form.formData().forEach(kv -> fields.put(kv.key(), kv.value()));
    return fields;
  }

  /**
   * RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold commas, quotes
   * ("") and line breaks.
   */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        assertThat(cell).as("a quote may only open a field").isEmpty();
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i += 2;
        continue;
      } else {
        assertThat(c).as("bare line breaks are not allowed outside quotes").isNotIn('\r', '\n');
        cell.append(c);
      }
      i++;
    }
    assertThat(quoted).as("every quoted field is closed").isFalse();
    assertThat(cell).as("the last record ends with CRLF").isEmpty();
    assertThat(row).isEmpty();
    return rows;
  }
}
