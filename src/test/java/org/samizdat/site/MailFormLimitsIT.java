package org.samizdat.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.SharedOtherSettings;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.limits.FormLimits;
import org.samizdat.platform.limits.TooManyRequests;
import org.samizdat.revenue.Reminders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The forms that send mail, with the limits a real site has (the first shared test context lifts
 * them; {@link SharedOtherSettings} has them: 5 a minute and 20 a day per client, 3 an hour per
 * recipient).
 */
@SharedOtherSettings
class MailFormLimitsIT extends IntegrationTest {

  @Autowired JdbcClient jdbc;
  @Autowired FormLimits limits;
  @Autowired Reminders reminders;

  /** Each test starts with no counters: one client (this test) makes every request. */
  @BeforeEach
  void noCountersYet() {
    jdbc.sql("DELETE FROM form_limit").update();
  }

  @Test
  void fortyReminderRequestsFromOneClientAreMostlyRefusedWithAPageSayingWhenToTryAgain() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    String date = LocalDate.now().plusDays(5).toString();
    List<String> sent = new ArrayList<>();
    List<Response> refused = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String email = "stranger-" + i + "-" + u + "@example.org";
      String path = i % 2 == 0 ? "/support/remind" : "/ru/support/remind";
      Response r = client().post(path, Map.of("email", email, "date", date));
      if (r.status() == 200) {
        sent.add(email);
      } else {
        assertThat(r.status()).isEqualTo(429);
        refused.add(r);
      }
    }
    // 5 a minute (10 if the run straddles a minute's end)
    assertThat(sent).hasSizeLessThanOrEqualTo(10);
    assertThat(refused).hasSizeGreaterThanOrEqualTo(30);
    Response english =
        refused.stream()
            .filter(r -> r.body().contains("Too many requests"))
            .findFirst()
            .orElseThrow();
    assertThat(english.header("Retry-After")).matches("\\d+");
    assertThat(english.html().select("[role=alert]").text())
        .contains("nothing was sent")
        .containsPattern("try again in \\d+ min");
    assertThat(refused).anySatisfy(r -> assertThat(r.body()).contains("Слишком много запросов"));
    assertThat(
            jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient LIKE :p")
                .param("p", "stranger-%-" + u + "@example.org")
                .query(Long.class)
                .single())
        .as("only the accepted requests mailed anyone")
        .isEqualTo(sent.size());
    assertThat(jdbc.sql("SELECT count(*) FROM form_limit").query(Long.class).single())
        .as("counters exist")
        .isPositive();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM form_limit WHERE encode(key_hash, 'escape') LIKE '%127.0.0.1%'")
                .query(Long.class)
                .single())
        .as("no client address is stored, only keyed hashes")
        .isZero();
  }

  @Test
  void oneAddressIsMailedAtMostThreeTimesAnHourThroughOneForm() {
    String address = "victim-" + UUID.randomUUID() + "@example.org";
    for (int i = 0; i < 3; i++) {
      limits.recipient("manage-link", address);
    }
    assertThatThrownBy(() -> limits.recipient("manage-link", address.toUpperCase()))
        .isInstanceOf(TooManyRequests.class)
        .satisfies(e -> assertThat(((TooManyRequests) e).retryAfterMinutes()).isBetween(1L, 60L));
    limits.recipient("reminder", address); // another form counts on its own
  }

  @Test
  void anAddressHasAtMostOnePendingReminder() {
    String address = "once-" + UUID.randomUUID() + "@example.org";
    String date = LocalDate.now().plusDays(3).toString();
    assertThat(reminders.create(address, date, "en")).isNotNull();
    assertThat(reminders.create(address, LocalDate.now().plusDays(9).toString(), "en")).isNull();
    assertThat(
            jdbc.sql("SELECT count(*) FROM reminder WHERE email = :e")
                .param("e", address)
                .query(Long.class)
                .single())
        .isOne();
    assertThat(
            jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = :e")
                .param("e", address)
                .query(Long.class)
                .single())
        .isOne();
  }

  @Test
  void theNewsletterFormsAreLimitedToo() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    // one address asks to leave four times: the fourth mail is refused (3 an hour per recipient)
    String address = "reader-" + u + "@example.org";
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(client().post("/newsletter/unsubscribe", Map.of("email", address)).status());
    }
    assertThat(statuses).containsExactly(200, 200, 200, 429);
    jdbc.sql("DELETE FROM form_limit").update();

    // sign-ups for strangers from one client: 5 a minute (10 if the run straddles a minute's end)
    List<Response> responses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      responses.add(
          client()
              .post(
                  "/ru/newsletter",
                  Map.of(
                      "email",
                      "signup-" + i + "-" + u + "@example.org",
                      "language",
                      "ru",
                      "frequency",
                      "daily")));
    }
    assertThat(responses).filteredOn(r -> r.status() == 200).hasSizeBetween(5, 10);
    Response refused = responses.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
    assertThat(refused.header("Retry-After")).matches("\\d+");
    assertThat(refused.body()).contains("Слишком много запросов");
    assertThat(
            jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient LIKE :p")
                .param("p", "signup-%-" + u + "@example.org")
                .query(Long.class)
                .single())
        .as("only the accepted sign-ups were mailed")
        .isEqualTo(responses.stream().filter(r -> r.status() == 200).count());
  }
}
