package org.samizdat.reach.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient.Response;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Subscribing with double opt-in, confirming once, asking again, and unsubscribing, over HTTP in
 * both editions.
 */
class NewsletterSubscriptionIT extends IntegrationTest {

  @Autowired JdbcClient jdbc;
  @Autowired NewsletterTokens tokens;
  @Autowired NewsletterSubscriptions subscriptions;

  NewsletterOutbox outbox;
  String email;

  @BeforeEach
  void setUp() {
    outbox = new NewsletterOutbox(jdbc);
    email = "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@readers.test";
  }

  @Test
  void theFormIsAPlainPageInBothEditionsThatNoCacheKeepsAndSetsNoCookie() {
    for (String path : new String[] {"/newsletter", "/ru/newsletter"}) {
      Response page = client().get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.header("Cache-Control")).as(path).isEqualTo("no-store");
      assertThat(page.header("Set-Cookie")).as(path).isNull();
      Element form = page.html().selectFirst("form[method=post][action=\"" + path + "\"]");
      assertThat(form).as("the form on " + path).isNotNull();
      assertThat(form.select("input[name=email][type=email]")).hasSize(1);
      assertThat(form.select("input[name=language][type=radio]"))
          .extracting(e -> e.val())
          .containsExactly("en", "ru");
      assertThat(form.select("input[name=frequency][type=radio]"))
          .extracting(e -> e.val())
          .containsExactly("daily", "weekly");
      assertThat(page.html().select("script:not([src])")).as("no inline script").isEmpty();
    }
    assertThat(
            client()
                .get("/ru/newsletter")
                .html()
                .selectFirst("input[name=language][value=ru]")
                .hasAttr("checked"))
        .isTrue();
    assertThat(
            client()
                .get("/newsletter")
                .html()
                .selectFirst("input[name=language][value=en]")
                .hasAttr("checked"))
        .isTrue();
  }

  @Test
  void subscribingAndUnsubscribingRunInTransactions() {
    assertThat(AopUtils.isAopProxy(subscriptions))
        .as("@Transactional applies to the service")
        .isTrue();
  }

  @Test
  void subscribingSendsOneConfirmationInEnglishAndNothingElseUntilItIsFollowed() {
    Response r =
        client()
            .post("/newsletter", Map.of("email", email, "language", "en", "frequency", "weekly"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.header("Set-Cookie")).isNull();
    assertThat(r.html().select("[role=status]").text()).contains("check your inbox");
    assertThat(outbox.to(email))
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(mail.subject()).startsWith("Confirm your subscription to");
              assertThat(mail.text())
                  .contains("weekly digest")
                  .contains("(English)")
                  .contains("http://localhost:8080/newsletter/confirm/");
              assertThat(mail.html()).isNull();
            });
    Subscriber row = row(email).orElseThrow();
    assertThat(row.confirmed()).isFalse();
    assertThat(row.frequency()).isEqualTo("WEEKLY");
    String token =
        NewsletterOutbox.pathOfLink(outbox.to(email).get(0).text(), "/newsletter/confirm/")
            .substring("/newsletter/confirm/".length());
    byte[] stored =
        jdbc.sql("SELECT confirm_token_hash FROM newsletter_subscriber WHERE email = :e")
            .param("e", email)
            .query(byte[].class)
            .single();
    assertThat(stored)
        .as("only the token's SHA-256 is stored")
        .isEqualTo(sha256(Base64.getUrlDecoder().decode(token)));
  }

  @Test
  void subscribingOnTheRussianPageSendsTheConfirmationInRussian() {
    Response r =
        client()
            .post("/ru/newsletter", Map.of("email", email, "language", "ru", "frequency", "daily"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.html().select("[role=status]").text()).contains("проверьте почту");
    assertThat(outbox.to(email))
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(mail.subject()).startsWith("Подтвердите подписку на");
              assertThat(mail.text())
                  .contains("ежедневный дайджест")
                  .contains("(Русский)")
                  .contains("http://localhost:8080/ru/newsletter/confirm/")
                  .contains("Ссылка действует до");
            });
    String link = outbox.linkIn(email, "/newsletter/confirm/");
    assertThat(link).startsWith("/ru/newsletter/confirm/");
    Response question = client().get(link);
    assertThat(question.status()).isEqualTo(200);
    assertThat(question.html().text())
        .contains("Подписать этот адрес на ежедневный дайджест (Русский)?");
    assertThat(client().post(link, Map.of()).html().select("[role=status]").text())
        .contains("Вы подписаны");
    assertThat(row(email).orElseThrow().language()).isEqualTo("ru");
  }

  @Test
  void theConfirmationLinkAsksWithAButtonAndConfirmsOnlyOnce() {
    client().post("/newsletter", Map.of("email", email, "language", "en", "frequency", "daily"));
    String link = outbox.linkIn(email, "/newsletter/confirm/");

    Response question = client().get(link);
    assertThat(question.status()).isEqualTo(200);
    assertThat(question.header("Cache-Control")).isEqualTo("no-store");
    assertThat(question.header("X-Robots-Tag")).isEqualTo("noindex");
    assertThat(question.html().selectFirst("link[rel=canonical]").attr("href"))
        .as("the token stays out of the head")
        .isEqualTo("http://localhost:8080/newsletter");
    assertThat(question.html().selectFirst("form[method=post][action=\"" + link + "\"] button"))
        .isNotNull();
    assertThat(row(email).orElseThrow().confirmed())
        .as("opening the link (a mail scanner might) confirms nothing")
        .isFalse();

    Response confirmed = client().post(link, Map.of());
    assertThat(confirmed.status()).isEqualTo(200);
    assertThat(confirmed.html().select("[role=status]").text())
        .contains("You are subscribed to the daily digest (English)");
    assertThat(row(email).orElseThrow().confirmed()).isTrue();

    Response again = client().post(link, Map.of());
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.html().select("[role=alert]").text()).contains("expired or was already used");
    assertThat(client().get(link).status()).isEqualTo(404);
    assertThat(client().get("/newsletter/confirm/not-a-token").status()).isEqualTo(404);
    assertThat(outbox.apartFromDigests(email)).as("confirming sends nothing by itself").hasSize(1);
  }

  @Test
  void askingAgainSaysTheSameAsForANewAddressAndResendsAtMostOnceAnHour() {
    Response first =
        client()
            .post("/newsletter", Map.of("email", email, "language", "en", "frequency", "daily"));
    Response second =
        client()
            .post(
                "/newsletter",
                Map.of("email", email.toUpperCase(), "language", "ru", "frequency", "weekly"));
    Response stranger =
        client()
            .post(
                "/newsletter",
                Map.of("email", "new-" + email, "language", "en", "frequency", "daily"));

    assertThat(second.status()).isEqualTo(first.status()).isEqualTo(stranger.status());
    assertThat(main(second)).isEqualTo(main(first)).isEqualTo(main(stranger));
    assertThat(outbox.to(email)).as("within the hour, no second e-mail").hasSize(1);
    assertThat(outbox.to(email.toUpperCase())).isEmpty();
    assertThat(row(email).orElseThrow().frequency()).isEqualTo("DAILY");

    jdbc.sql(
            "UPDATE newsletter_subscriber SET confirmation_sent_at = confirmation_sent_at - interval '61 minutes'"
                + " WHERE email = :e")
        .param("e", email)
        .update();
    String oldLink = outbox.linkIn(email, "/newsletter/confirm/");
    Response later =
        client()
            .post("/newsletter", Map.of("email", email, "language", "en", "frequency", "weekly"));

    assertThat(main(later)).isEqualTo(main(first));
    assertThat(outbox.to(email)).hasSize(2);
    String newLink = outbox.linkIn(email, "/newsletter/confirm/");
    assertThat(newLink).isNotEqualTo(oldLink);
    assertThat(client().post(oldLink, Map.of()).status())
        .as("only the latest link works")
        .isEqualTo(404);
    assertThat(client().post(newLink, Map.of()).status()).isEqualTo(200);
    assertThat(row(email).orElseThrow().frequency()).isEqualTo("WEEKLY");
  }

  @Test
  void aSubscriberAskingForOtherChoicesKeepsTheirsUntilTheyConfirmTheNewOnes() {
    subscribeAndConfirm(email, "en", "daily");
    jdbc.sql(
            "UPDATE newsletter_subscriber SET confirmation_sent_at = confirmation_sent_at - interval '2 hours'"
                + " WHERE email = :e")
        .param("e", email)
        .update();

    client().post("/newsletter", Map.of("email", email, "language", "ru", "frequency", "weekly"));

    assertThat(outbox.apartFromDigests(email)).hasSize(2);
    Subscriber before = row(email).orElseThrow();
    assertThat(before.confirmed()).isTrue();
    assertThat(before.language() + before.frequency()).isEqualTo("enDAILY");
    client().post(outbox.linkIn(email, "/newsletter/confirm/"), Map.of());
    Subscriber after = row(email).orElseThrow();
    assertThat(after.language() + after.frequency()).isEqualTo("ruWEEKLY");
  }

  @Test
  void aBadAddressIsRefusedWith400AndAMessageInThePagesLanguage() {
    Response en =
        client()
            .post(
                "/newsletter",
                Map.of("email", "not an address", "language", "en", "frequency", "daily"));
    assertThat(en.status()).isEqualTo(400);
    assertThat(en.html().select("[role=alert]").text())
        .contains("Enter an e-mail address like name@example.org.");
    assertThat(en.html().selectFirst("input[name=email]").val()).isEqualTo("not an address");

    Response ru =
        client()
            .post("/ru/newsletter", Map.of("email", "", "language", "ru", "frequency", "daily"));
    assertThat(ru.status()).isEqualTo(400);
    assertThat(ru.html().select("[role=alert]").text()).contains("Введите адрес электронной почты");

    Response injected =
        client()
            .post(
                "/newsletter",
                Map.of(
                    "email",
                    email + "\r\nBcc: victim@example.org",
                    "language",
                    "en",
                    "frequency",
                    "daily"));
    assertThat(injected.status()).isEqualTo(400);

    Response badChoice =
        client()
            .post("/newsletter", Map.of("email", email, "language", "de", "frequency", "hourly"));
    assertThat(badChoice.status()).isEqualTo(400);
    assertThat(badChoice.html().select("[role=alert]").text())
        .contains("Choose the English or the Russian edition.")
        .contains("Choose every day or once a week.");
    assertThat(outbox.to(email)).isEmpty();
    assertThat(row(email)).isEmpty();
  }

  @Test
  void oneClickUnsubscribeWorksWithoutCsrfTokenOrCookieAndDeletesTheAddress() {
    subscribeAndConfirm(email, "en", "daily");
    UUID id = row(email).orElseThrow().id();
    String path = "/newsletter/unsubscribe/" + tokens.unsubscribe(id);
    long before = unsubscribedCount();

    // as a mail client sends it (RFC 8058): a fresh client, no cookie, no CSRF token, just this
    // body
    Response r = client().postForm(path, Map.of("List-Unsubscribe", "One-Click"), false);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Set-Cookie")).isNull();
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    assertThat(r.html().select("[role=status]").text())
        .contains("You are unsubscribed and your address is deleted");
    assertThat(row(email)).as("the address is gone").isEmpty();
    assertThat(
            jdbc.sql("SELECT count(*) FROM newsletter_subscriber WHERE lower(email) = lower(:e)")
                .param("e", email)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(unsubscribedCount()).as("only a count is kept").isEqualTo(before + 1);

    Response again = client().postForm(path, Map.of("List-Unsubscribe", "One-Click"), false);
    assertThat(again.status()).as("a second click is no error").isEqualTo(200);
    assertThat(unsubscribedCount()).isEqualTo(before + 1);
    assertThat(client().get(path).html().select("[role=status]").text())
        .contains("not subscribed any more");
  }

  @Test
  void theUnsubscribeLinkShowsAButtonAndChangesNothingUntilItIsPressed() {
    subscribeAndConfirm(email, "ru", "weekly");
    String path = "/ru/newsletter/unsubscribe/" + tokens.unsubscribe(row(email).orElseThrow().id());

    Response question = client().get(path);
    assertThat(question.status()).isEqualTo(200);
    assertThat(question.header("Cache-Control")).isEqualTo("no-store");
    assertThat(question.html().text()).contains("Отписаться от рассылки и удалить ваш адрес?");
    assertThat(row(email)).isPresent();

    Response pressed = client().postForm(path, Map.of(), false);
    assertThat(pressed.status()).isEqualTo(200);
    assertThat(pressed.html().select("[role=status]").text()).contains("Вы отписались");
    assertThat(row(email)).isEmpty();
  }

  @Test
  void aForgedUnsubscribeLinkIsRefused() {
    subscribeAndConfirm(email, "en", "daily");
    String genuine = tokens.unsubscribe(row(email).orElseThrow().id());
    String forged =
        genuine.substring(0, 30) + (genuine.charAt(30) == 'A' ? 'B' : 'A') + genuine.substring(31);
    String otherId = tokens.unsubscribe(UUID.randomUUID()).substring(0, 22) + genuine.substring(22);

    for (String token : new String[] {forged, otherId, "short", genuine + "x"}) {
      assertThat(
              client()
                  .postForm(
                      "/newsletter/unsubscribe/" + token,
                      Map.of("List-Unsubscribe", "One-Click"),
                      false)
                  .status())
          .as(token)
          .isEqualTo(404);
    }
    assertThat(row(email)).isPresent();
  }

  @Test
  void requestsNobodyConfirmsAreDeletedAfterAWeekAndTheirLinksStopWorking() {
    client().post("/newsletter", Map.of("email", email, "language", "en", "frequency", "daily"));
    String link = outbox.linkIn(email, "/newsletter/confirm/");
    jdbc.sql("UPDATE newsletter_subscriber SET requested_at = :t WHERE email = :e")
        .param("t", Timestamp.from(Instant.now().minus(Duration.ofDays(7)).minusSeconds(60)))
        .param("e", email)
        .update();

    assertThat(client().get(link).status()).as("expired before the job even runs").isEqualTo(404);
    assertThat(subscriptions.expire()).isPositive();
    assertThat(row(email)).isEmpty();
    assertThat(client().post(link, Map.of()).status()).isEqualTo(404);
  }

  void subscribeAndConfirm(String address, String language, String frequency) {
    String page = "ru".equals(language) ? "/ru/newsletter" : "/newsletter";
    assertThat(
            client()
                .post(page, Map.of("email", address, "language", language, "frequency", frequency))
                .status())
        .isEqualTo(200);
    assertThat(client().post(outbox.linkIn(address, "/newsletter/confirm/"), Map.of()).status())
        .isEqualTo(200);
  }

  record Subscriber(UUID id, String language, String frequency, boolean confirmed) {}

  Optional<Subscriber> row(String address) {
    return jdbc.sql(
            """
            SELECT id, language, frequency, confirmed_at IS NOT NULL FROM newsletter_subscriber WHERE lower(email) = lower(:e)
            """)
        .param("e", address)
        .query(
            (rs, n) ->
                new Subscriber(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getBoolean(4)))
        .optional();
  }

  long unsubscribedCount() {
    return jdbc.sql("SELECT coalesce(sum(count), 0) FROM newsletter_unsubscribed")
        .query(Long.class)
        .single();
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String main(Response r) {
    return r.html().selectFirst("main").text();
  }
}
