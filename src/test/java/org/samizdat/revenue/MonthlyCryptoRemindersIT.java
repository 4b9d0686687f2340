package org.samizdat.revenue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.MutableClock;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Monthly in crypto, which has no automatic debit: the reader gives this month's gift and leaves an
 * address; a month later (a clock the test moves) one e-mail brings a link to a fresh invoice, and
 * every such e-mail can stop them, as can "Manage my support". Over HTTP, on real PostgreSQL, with
 * the local BTCPay test store.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
class MonthlyCryptoRemindersIT extends IntegrationTest {

  /** The 31st, so the next e-mail falls on the last day of a shorter month. */
  static final MutableClock CLOCK =
      new MutableClock(
          LocalDate.now(ZoneOffset.UTC)
              .plusYears(1)
              .withMonth(1)
              .withDayOfMonth(31)
              .atTime(10, 0)
              .toInstant(ZoneOffset.UTC));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("samizdat.revenue.reminder-poll", () -> "1h");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class HandMovedClock {
    @Bean
    @Primary
    MutableClock monthlyRemindersTestClock() {
      return CLOCK;
    }
  }

  @Autowired MonthlyCryptoReminders reminders;
  @Autowired ManualContributions offline;
  @Autowired JdbcClient jdbc;

  String u;
  String email;

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
    email = "monthly-" + u + "@example.org";
  }

  private LocalDate today() {
    return LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
  }

  private Response giveMonthlyInCrypto(WebClient reader, String address) {
    return reader.postForm(
        "/support/checkout/monthly-by-email",
        Map.of("provider", "btcpay-testmode", "amount", "500", "currency", "USD", "email", address),
        false);
  }

  private List<Map<String, Object>> mails(String kindSubject) {
    return jdbc.sql(
            """
            SELECT subject, text_body, headers::text AS headers FROM mail_outbox
            WHERE recipient = :to AND subject LIKE :s ORDER BY created_at
            """)
        .param("to", email)
        .param("s", "%" + kindSubject + "%")
        .query(
            (rs, n) ->
                Map.<String, Object>of(
                    "subject",
                    rs.getString(1),
                    "text",
                    rs.getString(2),
                    "headers",
                    rs.getString(3)))
        .list();
  }

  private long count(String sql) {
    return jdbc.sql(sql).param("e", email).query(Long.class).single();
  }

  private static String path(String text, String pattern) {
    Matcher m = Pattern.compile("https?://[^/\\s]+(" + pattern + ")").matcher(text);
    assertThat(m.find()).as(pattern + " in " + text).isTrue();
    return m.group(1);
  }

  @Test
  void monthlyInCryptoOffersAReminderAndAFreshInvoiceLinkEachMonthUntilStopped() {
    WebClient reader = client();
    Document pay =
        reader.get("/support/pay?frequency=monthly&amount_monthly=5&currency=USD").html();
    var offer = pay.selectFirst("form#monthly-by-email-btcpay-testmode");
    assertThat(offer).as("crypto offers monthly by e-mail").isNotNull();
    assertThat(offer.select("input[name=email]").attr("type")).isEqualTo("email");
    assertThat(offer.select("input[name=amount]").val()).isEqualTo("500");
    assertThat(offer.text()).contains("no automatic monthly payment");

    // 1. This month's gift, and the address for the next ones.
    LocalDate asked = today();
    Response started = giveMonthlyInCrypto(reader, email);
    assertThat(started.status()).isEqualTo(303);
    String firstInvoice = started.location();
    assertThat(firstInvoice).contains("/support/btcpay-testmode/i/");
    assertThat(count("SELECT count(*) FROM monthly_crypto_reminder WHERE email = :e")).isOne();
    UUID id =
        jdbc.sql("SELECT id FROM monthly_crypto_reminder WHERE email = :e")
            .param("e", email)
            .query(UUID.class)
            .single();
    assertThat(reminders.find(id).orElseThrow().nextOn())
        .as("a month on, the 31st falling on the last day of February")
        .isEqualTo(asked.plusMonths(1));
    List<Map<String, Object>> confirmed = mails("monthly reminder to give in crypto");
    assertThat(confirmed).hasSize(1);
    String confirmation = (String) confirmed.get(0).get("text");
    assertThat(confirmation).contains("$5").contains("/support/monthly/" + id + "/stop");
    assertThat((String) confirmed.get(0).get("headers"))
        .contains("List-Unsubscribe")
        .contains("/support/monthly/" + id + "/stop")
        .contains("List-Unsubscribe=One-Click");

    // asking again with the same address changes nothing and mails nothing
    assertThat(giveMonthlyInCrypto(client(), email.toUpperCase()).status()).isEqualTo(303);
    assertThat(count("SELECT count(*) FROM monthly_crypto_reminder WHERE lower(email) = lower(:e)"))
        .isOne();
    assertThat(mails("monthly reminder to give in crypto")).hasSize(1);

    // 2. Nothing before its day.
    CLOCK.advance(Duration.ofDays(27));
    reminders.sendDue();
    assertThat(mails("Your monthly gift")).isEmpty();

    // 3. On its day: one e-mail with the link to a fresh invoice, however often the job runs.
    CLOCK.moveTo(asked.plusMonths(1).atTime(9, 0).toInstant(ZoneOffset.UTC));
    reminders.sendDue();
    reminders.sendDue();
    List<Map<String, Object>> monthly = mails("Your monthly gift");
    assertThat(monthly).hasSize(1);
    String text = (String) monthly.get(0).get("text");
    assertThat(text).contains("$5").contains("fresh invoice");
    assertThat((String) monthly.get(0).get("headers")).contains("List-Unsubscribe-Post");
    assertThat(reminders.find(id).orElseThrow().nextOn())
        .as("back to the 31st in March")
        .isEqualTo(asked.plusMonths(2));

    // the link opens a page whose button opens a fresh invoice (following the link alone opens
    // nothing: mail scanners follow links)
    String link = path(text, "/support/monthly/[0-9a-f-]{36}");
    long invoicesBefore =
        jdbc.sql("SELECT count(*) FROM btcpay_testmode_invoice").query(Long.class).single();
    Document page = client().get(link).html();
    assertThat(jdbc.sql("SELECT count(*) FROM btcpay_testmode_invoice").query(Long.class).single())
        .isEqualTo(invoicesBefore);
    assertThat(page.select("p.intro").text()).contains("$5");
    var give = page.selectFirst("form#monthly-give");
    Response fresh =
        client()
            .postForm(
                give.attr("action"),
                Map.of(
                    "provider", give.select("input[name=provider]").val(),
                    "frequency", give.select("input[name=frequency]").val(),
                    "amount", give.select("input[name=amount]").val(),
                    "currency", give.select("input[name=currency]").val()),
                false);
    assertThat(fresh.status()).isEqualTo(303);
    assertThat(fresh.location()).contains("/support/btcpay-testmode/i/").isNotEqualTo(firstInvoice);

    // 4. One click in the mail client stops it: the address is gone, and no more e-mails.
    String stop = path(text, "/support/monthly/[0-9a-f-]{36}/stop");
    Response stopped = client().post(stop, Map.of("List-Unsubscribe", "One-Click"));
    assertThat(stopped.status()).isEqualTo(200);
    assertThat(stopped.html().select("#monthly-message").text())
        .contains("no longer have your address");
    assertThat(count("SELECT count(*) FROM monthly_crypto_reminder WHERE lower(email) = lower(:e)"))
        .isZero();
    assertThat(client().get(link).status()).isEqualTo(404);
    assertThat(client().post(stop, Map.of()).status()).isEqualTo(404);
    CLOCK.moveTo(asked.plusMonths(2).atTime(12, 0).toInstant(ZoneOffset.UTC));
    reminders.sendDue();
    assertThat(mails("Your monthly gift"))
        .as("the e-mail still queued is withdrawn with the address, and no other follows")
        .isEmpty();
  }

  @Test
  void aBadAddressIsRefusedAndNothingStartsOrIsKept() {
    long checkouts = jdbc.sql("SELECT count(*) FROM checkout").query(Long.class).single();
    Response bad = giveMonthlyInCrypto(client(), "not an address " + u);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.html().select("#pay-problem").text()).contains("name@example.org");
    assertThat(bad.html().select("form#monthly-by-email-btcpay-testmode")).hasSize(1);
    assertThat(jdbc.sql("SELECT count(*) FROM checkout").query(Long.class).single())
        .isEqualTo(checkouts);
    assertThat(
            jdbc.sql("SELECT count(*) FROM monthly_crypto_reminder WHERE email LIKE :e")
                .param("e", "%" + u)
                .query(Long.class)
                .single())
        .isZero();

    Response card =
        client()
            .postForm(
                "/support/checkout/monthly-by-email",
                Map.of("provider", "testmode", "amount", "500", "currency", "USD", "email", email),
                false);
    assertThat(card.status()).as("the card takes monthly gifts itself").isEqualTo(400);
    assertThat(count("SELECT count(*) FROM monthly_crypto_reminder WHERE email = :e")).isZero();

    // without an address it is simply this month's gift
    Response noAddress = giveMonthlyInCrypto(client(), "");
    assertThat(noAddress.status()).isEqualTo(303);
    assertThat(noAddress.location()).contains("/support/btcpay-testmode/i/");
  }

  @Test
  void aSupporterSeesAndStopsTheReminderFromManageMySupportAndErasingRemovesIt() throws Exception {
    // the address gave before (a bank transfer the newsroom recorded), so "Manage my support"
    // knows it
    offline.recordOfflineGift(email, "10", "USD", today().toString(), "en");
    assertThat(giveMonthlyInCrypto(client(), email).status()).isEqualTo(303);

    String session = openManageSession();
    Document giving = client().get(session).html();
    var item = giving.selectFirst("ul.crypto-reminders li.crypto-reminder");
    assertThat(item).isNotNull();
    assertThat(item.text()).contains("$5 a month");
    String stopAction = item.selectFirst("form").attr("action");
    Response stopped = client().post(stopAction, Map.of());
    assertThat(stopped.status()).isEqualTo(200);
    assertThat(stopped.html().select(".flash-message").text())
        .contains("no longer have your address");
    assertThat(stopped.html().select("li.crypto-reminder")).isEmpty();
    assertThat(count("SELECT count(*) FROM monthly_crypto_reminder WHERE email = :e")).isZero();
    assertThat(mails("monthly reminder to give in crypto"))
        .as("the queued confirmation is withdrawn too")
        .isEmpty();

    // asked again, then the supporter erases everything: the reminder goes with the address
    CLOCK.advance(Duration.ofHours(2)); // past the per-address mail limit
    assertThat(giveMonthlyInCrypto(client(), email).status()).isEqualTo(303);
    String again = openManageSession();
    Response data = client().get(again + "/data.json");
    assertThat(data.body()).contains("monthly_crypto_reminders").contains("next_email_on");
    Response erased = client().post(again + "/erase", Map.of("confirm", "yes"));
    assertThat(erased.status()).isLessThan(400);
    assertThat(count("SELECT count(*) FROM monthly_crypto_reminder WHERE lower(email) = lower(:e)"))
        .isZero();
  }

  /** "Manage my support": the e-mailed link, its button, and the reader's own page. */
  private String openManageSession() {
    assertThat(client().post("/support/manage", Map.of("email", email)).status()).isLessThan(400);
    String text =
        jdbc.sql(
                """
                SELECT text_body FROM mail_outbox WHERE recipient = :to AND subject LIKE '%manage your support%'
                ORDER BY created_at DESC LIMIT 1
                """)
            .param("to", email)
            .query(String.class)
            .single();
    String link = path(text, "/support/manage/\\S+");
    Response used = client().post(link, Map.of());
    assertThat(used.status()).isEqualTo(303);
    return used.location().replaceFirst("^https?://[^/]+", "");
  }
}
