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

  String manageLink() {
    client().post("/support/manage", Map.of("email", email));
    String text = lastMailText(email, "manage your support");
    assertThat(text).as("manage-link e-mail").isNotNull();
    Matcher m = Pattern.compile("http://[^/\\s]+(/support/manage/\\S+)").matcher(text);
    assertThat(m.find()).isTrue();
    return m.group(1);
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
    // the receipt follows the commit (Receipts hears ContributionCompleted); then nothing is left
    // to hear that could send a second one
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
