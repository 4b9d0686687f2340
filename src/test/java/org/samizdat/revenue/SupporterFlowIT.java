package org.samizdat.revenue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.Money;
import org.samizdat.platform.security.AppSecrets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Receipts, "manage my support" through a signed e-mailed link, and one-off reminder e-mails. */
class SupporterFlowIT extends IntegrationTest {

  @Autowired AppSecrets secrets;
  @Autowired JdbcClient jdbc;
  @Autowired Reminders reminders;

  TestModeWebhooks webhooks;
  String u;
  String email;

  @BeforeEach
  void setUp() {
    webhooks = new TestModeWebhooks(secrets, port);
    u = UUID.randomUUID().toString().substring(0, 8);
    email = "supporter-" + u + "@example.org";
  }

  String lastMailText(String to, String subjectPart) {
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

  long mails(String to) {
    return jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = :to")
        .param("to", to)
        .query(Long.class)
        .single();
  }

  /** The path of the link in the latest manage-link e-mail to the address. */
  String mailedLink(String to) {
    client().post("/support/manage", Map.of("email", to));
    String text = lastMailText(to, "manage your support");
    assertThat(text).as("manage-link e-mail").isNotNull();
    Matcher m = Pattern.compile("http://[^/\\s]+(/support/manage/\\S+)").matcher(text);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** Follows the e-mailed link and presses its button: the path of the reader's own page. */
  String manageLink() {
    return openSession(mailedLink(email));
  }

  String openSession(String link) {
    Response open = client().get(link);
    assertThat(open.status()).isEqualTo(200);
    assertThat(open.header("Cache-Control")).contains("no-store");
    assertThat(open.html().select("form[method=post] button#open-support")).hasSize(1);
    Response used = client().post(link, Map.of());
    assertThat(used.status()).isEqualTo(303);
    return used.location().replaceFirst("^https?://[^/]+", "");
  }

  @Test
  void aGiftSendsOneReceiptEvenWhenTheWebhookRepeats() throws Exception {
    PaymentEvent.CheckoutCompleted gift =
        new PaymentEvent.CheckoutCompleted(
            "evt_rcpt_" + u,
            Instant.now(),
            null,
            email,
            Money.of(2500, "USD"),
            Frequency.ONCE,
            null,
            null,
            "pi_rcpt_" + u);
    webhooks.send(gift);
    webhooks.send(gift);
    // the receipt is queued with the payment (Receipts hears ContributionCompleted before the
    // commit), and nothing is left outstanding that could send a second one
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
                        .query(Long.class)
                        .single()
                    == 0);
    assertThat(mails(email)).isEqualTo(1);
    assertThat(lastMailText(email, "receipt")).contains("$25").contains("/support/manage");
  }

  @Test
  void aSupporterSeesEverythingTheyGaveAndCancelsARecurringGift() throws Exception {
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_m1_" + u,
            Instant.now().minusSeconds(86400 * 40),
            null,
            email,
            Money.of(1000, "USD"),
            Frequency.ONCE,
            null,
            null,
            "pi_m1_" + u));
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_m2_" + u,
            Instant.now(),
            null,
            email,
            Money.of(500, "USD"),
            Frequency.MONTHLY,
            "cus_" + u,
            "sub_m_" + u,
            null));
    String link = manageLink();

    Response page = client().get(link);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Cache-Control")).contains("no-store");
    assertThat(page.html().select("table.gifts tbody tr")).hasSize(2);
    assertThat(page.html().select(".recurring").text()).contains("$5").contains("Active");

    long subscription =
        jdbc.sql("SELECT id FROM subscription WHERE provider_subscription_id = :s")
            .param("s", "sub_m_" + u)
            .query(Long.class)
            .single();
    Response changed =
        client().post(link + "/recurring/" + subscription + "/amount", Map.of("amount", "7.50"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).contains("The amount is changed");
    assertThat(
            jdbc.sql("SELECT amount_minor FROM subscription WHERE id = :id")
                .param("id", subscription)
                .query(Long.class)
                .single())
        .isEqualTo(750);
    assertThat(
            client()
                .post(link + "/recurring/" + subscription + "/amount", Map.of("amount", "1"))
                .status())
        .isEqualTo(400);

    Response asked = client().post(link + "/recurring/" + subscription + "/cancel", Map.of());
    assertThat(asked.body()).contains("Cancel your $7.50 monthly gift?");
    assertThat(
            jdbc.sql("SELECT status FROM subscription WHERE id = :id")
                .param("id", subscription)
                .query(String.class)
                .single())
        .as("the first click only asks")
        .isEqualTo("ACTIVE");
    Response cancelled =
        client().post(link + "/recurring/" + subscription + "/cancel", Map.of("confirm", "yes"));
    assertThat(cancelled.body()).contains("Your recurring gift is cancelled");
    assertThat(
            jdbc.sql("SELECT status FROM subscription WHERE id = :id")
                .param("id", subscription)
                .query(String.class)
                .single())
        .isEqualTo("CANCELLED");
    assertThat(lastMailText(email, "cancelled")).contains("$7.50");
  }

  @Test
  void aManageLinkOpensOnlyItsOwnGiftsAndForgedLinksFail() throws Exception {
    String other = "other-" + u + "@example.org";
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_o1_" + u,
            Instant.now(),
            null,
            other,
            Money.of(500, "USD"),
            Frequency.MONTHLY,
            "cus_o" + u,
            "sub_o_" + u,
            null));
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_o2_" + u,
            Instant.now(),
            null,
            email,
            Money.of(900, "USD"),
            Frequency.ONCE,
            null,
            null,
            "pi_o2_" + u));
    String link = manageLink();
    long othersSubscription =
        jdbc.sql("SELECT id FROM subscription WHERE provider_subscription_id = :s")
            .param("s", "sub_o_" + u)
            .query(Long.class)
            .single();
    assertThat(
            client().post(link + "/recurring/" + othersSubscription + "/cancel", Map.of()).status())
        .isEqualTo(400);
    assertThat(
            jdbc.sql("SELECT status FROM subscription WHERE id = :id")
                .param("id", othersSubscription)
                .query(String.class)
                .single())
        .isEqualTo("ACTIVE");
    assertThat(client().get(link + "x").status()).isEqualTo(404);
    assertThat(client().get("/support/manage/not-a-token").status()).isEqualTo(404);
  }

  @Test
  void theEmailedLinkWorksOnceCarriesNoAddressAndItsPageExpires() throws Exception {
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_once_" + u,
            Instant.now(),
            null,
            email,
            Money.of(700, "USD"),
            Frequency.ONCE,
            null,
            null,
            "pi_once_" + u));
    String link = mailedLink(email);
    String token = link.substring(link.lastIndexOf('/') + 1);
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    String encoded =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(email.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(link).doesNotContain(email).doesNotContain(encoded.substring(0, 12));
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM supporter_access WHERE token_hash = sha256(convert_to(:t, 'UTF8'))")
                .param("t", token)
                .query(Long.class)
                .single())
        .as("only the token's hash is stored")
        .isOne();

    assertThat(client().get(link).status())
        .as("a mail scanner's GET uses nothing up")
        .isEqualTo(200);
    String page = openSession(link);
    assertThat(page).startsWith("/support/manage/session/").doesNotContain(email);
    assertThat(client().get(page).body()).contains(email).contains("$7");

    assertThat(client().get(link).status()).as("used once").isEqualTo(404);
    Response again = client().post(link, Map.of());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).contains("used already or has expired");

    jdbc.sql(
            "UPDATE supporter_access SET expires_at = now() - interval '1 second' WHERE kind = 'SESSION'")
        .update();
    assertThat(client().get(page).status()).as("the page's session is over").isEqualTo(404);

    String second = manageLink();
    client().post(second + "/end", Map.of());
    assertThat(client().get(second).status()).as("closed by its reader").isEqualTo(404);
  }

  @Test
  void aSupporterDownloadsEverythingHeldAboutThemThenErasesItAndTheBooksStillAddUp()
      throws Exception {
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_e1_" + u,
            Instant.now().minusSeconds(3600),
            null,
            email,
            Money.of(1200, "USD"),
            Frequency.ONCE,
            null,
            null,
            "pi_e1_" + u));
    webhooks.send(
        new PaymentEvent.CheckoutCompleted(
            "evt_e2_" + u,
            Instant.now(),
            null,
            email,
            Money.of(300, "USD"),
            Frequency.MONTHLY,
            "cus_e" + u,
            "sub_e_" + u,
            null));
    String date = LocalDate.now().plusDays(20).toString();
    client().post("/support/remind", Map.of("email", email, "date", date));
    long booked = ledgerTotal("evt_e1_" + u, "evt_e2_" + u);
    String page = manageLink();

    Response data = client().get(page + "/data.json");
    assertThat(data.status()).isEqualTo(200);
    assertThat(data.header("Content-Type")).startsWith("application/json");
    assertThat(data.header("Content-Disposition")).contains("attachment");
    assertThat(data.header("Cache-Control")).contains("no-store");
    var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(data.body());
    assertThat(json.get("supporter").get("email").asString()).isEqualTo(email);
    assertThat(json.get("ledger")).hasSize(2);
    assertThat(json.get("recurring_gifts").get(0).get("status").asString()).isEqualTo("ACTIVE");
    assertThat(json.get("reminders").get(0).get("remind_on").asString()).isEqualTo(date);
    // times as ISO instants, amounts as numbers, under the names the export has always used
    assertThat(Instant.parse(json.get("supporter").get("first_gift_recorded_at").asString()))
        .isBefore(Instant.now().plusSeconds(60));
    assertThat(json.get("ledger").get(0).get("amount_minor").isNumber()).isTrue();
    assertThat(Instant.parse(json.get("ledger").get(0).get("occurred_at").asString())).isNotNull();
    assertThat(json.get("recurring_gifts").get(0).get("cancelled_at").isNull()).isTrue();
    assertThat(Instant.parse(json.get("reminders").get(0).get("asked_at").asString())).isNotNull();

    Response unconfirmed = client().post(page + "/erase", Map.of());
    assertThat(unconfirmed.status()).isEqualTo(400);
    assertThat(unconfirmed.body()).contains("Tick the box");
    assertThat(count("SELECT count(*) FROM supporter WHERE lower(email) = lower(:v)", email))
        .isOne();

    Response erased = client().post(page + "/erase", Map.of("confirm", "yes"));
    assertThat(erased.status()).isEqualTo(200);
    assertThat(erased.body()).contains("We no longer have your address");

    assertThat(count("SELECT count(*) FROM supporter WHERE lower(email) = lower(:v)", email))
        .isZero();
    assertThat(count("SELECT count(*) FROM reminder WHERE lower(email) = lower(:v)", email))
        .isZero();
    assertThat(count("SELECT count(*) FROM mail_outbox WHERE lower(recipient) = lower(:v)", email))
        .as("receipts and confirmations still queued are withdrawn")
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM provider_event WHERE event_json LIKE '%' || :v || '%'",
                email))
        .isZero();
    assertThat(ledgerTotal("evt_e1_" + u, "evt_e2_" + u)).as("the books").isEqualTo(booked);
    assertThat(
            count(
                "SELECT count(*) FROM ledger_entry WHERE provider_event_id IN ('evt_e1_' || :v, 'evt_e2_' || :v) AND supporter_id IS NULL",
                u))
        .isEqualTo(2);
    assertThat(
            jdbc.sql(
                    "SELECT status || ' ' || coalesce(supporter_id::text, 'nobody') FROM subscription WHERE provider_subscription_id = :s")
                .param("s", "sub_e_" + u)
                .query(String.class)
                .single())
        .isEqualTo("CANCELLED nobody");
    assertThat(client().get(page).status()).isEqualTo(404);

    // a renewal of the erased supporter's gift that was already on its way is still booked
    webhooks.send(
        new PaymentEvent.RenewalPaid(
            "evt_e3_" + u,
            Instant.now(),
            "sub_e_" + u,
            "in_e3_" + u,
            Money.of(300, "USD"),
            "pi_e3_" + u));
    assertThat(ledgerTotal("evt_e3_" + u)).isEqualTo(300);
  }

  long ledgerTotal(String... eventIds) {
    return jdbc.sql(
            "SELECT coalesce(sum(amount_minor), 0) FROM ledger_entry WHERE provider_event_id IN (:ids)")
        .param("ids", java.util.List.of(eventIds))
        .query(Long.class)
        .single();
  }

  long count(String sql, String value) {
    return jdbc.sql(sql).param("v", value).query(Long.class).single();
  }

  @Test
  void askingForALinkSaysTheSameWhetherOrNotTheAddressGave() {
    Response unknown =
        client().post("/support/manage", Map.of("email", "nobody-" + u + "@example.org"));
    Response bad = client().post("/support/manage", Map.of("email", "not an address"));
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.body()).contains("If we have gifts under that address");
    assertThat(mails("nobody-" + u + "@example.org")).isZero();
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void aReminderIsSentOnceOnItsDateAndCanBeDeletedBefore() {
    String date = LocalDate.now().plusDays(10).toString();
    Response created = client().post("/ru/support/remind", Map.of("email", email, "date", date));
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.body()).contains("Готово");
    assertThat(
            client().post("/support/remind", Map.of("email", email, "date", "2001-01-01")).status())
        .isEqualTo(400);
    assertThat(client().post("/support/remind", Map.of("email", email, "date", "soon")).status())
        .isEqualTo(400);
    assertThat(client().post("/support/remind", Map.of("email", "x", "date", date)).status())
        .isEqualTo(400);

    String confirmation = lastMailText(email, date);
    Matcher m = Pattern.compile("(/ru/support/remind/[0-9a-f-]{36})").matcher(confirmation);
    assertThat(m.find()).isTrue();
    UUID id = UUID.fromString(m.group(1).substring(m.group(1).lastIndexOf('/') + 1));
    assertThat(reminders.exists(id)).isTrue();

    // its day comes: exactly one e-mail, and the address is gone
    jdbc.sql("UPDATE reminder SET remind_on = :d WHERE id = :id")
        .param("d", java.sql.Date.valueOf(LocalDate.now().minusDays(1)))
        .param("id", id)
        .update();
    long before = mails(email);
    reminders.sendDue();
    reminders.sendDue();
    assertThat(mails(email)).isEqualTo(before + 1);
    assertThat(reminders.exists(id)).isFalse();

    // a second reminder, deleted from its link before it is sent
    client().post("/support/remind", Map.of("email", email, "date", date));
    Matcher again =
        Pattern.compile("(/support/remind/[0-9a-f-]{36})").matcher(lastMailText(email, date));
    assertThat(again.find()).isTrue();
    assertThat(client().get(again.group(1)).status()).isEqualTo(200);
    client().post(again.group(1) + "/delete", Map.of());
    UUID second = UUID.fromString(again.group(1).substring(again.group(1).lastIndexOf('/') + 1));
    assertThat(reminders.exists(second)).isFalse();
  }
}
