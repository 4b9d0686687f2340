package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Editors who tick "E-mail me" on their account page get one e-mail per draft marked ready for
 * review, through the mail outbox: the headline and links to the review screens, never the text.
 * Editors who did not tick it, and authors, get none; unticking stops them.
 */
class ReviewMailIT extends IntegrationTest {

  static final String PASSWORD = "review-mail-password-123";

  @Autowired Taxonomy taxonomy;
  @Autowired Articles articles;
  @Autowired StaffDirectory staff;
  @Autowired JdbcClient jdbc;

  record Queued(String subject, String text) {}

  @Test
  void editorsWhoChoseItGetTheHeadlineAndALinkNeverTheText() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long authorId = taxonomy.createAuthor("Mailed " + u, "mailed-" + u, "");
    String authorEmail = "author-" + u + "@samizdat.test";
    String keenEmail = "keen-" + u + "@samizdat.test";
    String quietEmail = "quiet-" + u + "@samizdat.test";
    String laterEmail = "later-" + u + "@samizdat.test";
    staff.create(authorEmail, "Author " + u, PASSWORD, StaffRole.AUTHOR, authorId);
    staff.create(keenEmail, "Keen " + u, PASSWORD, StaffRole.EDITOR, null);
    staff.create(quietEmail, "Quiet " + u, PASSWORD, StaffRole.EDITOR, null);
    staff.create(laterEmail, "Later " + u, PASSWORD, StaffRole.ADMIN, null);

    WebClient keen = client();
    keen.login(keenEmail, PASSWORD);
    Response account = keen.open("/newsroom/account");
    assertThat(account.html().select("#reviewMail").hasAttr("checked")).isFalse();
    Response chosen = keen.post("/newsroom/account/review-mail", Map.of("reviewMail", "true"));
    assertThat(chosen.status()).isEqualTo(302);
    assertThat(keen.open("/newsroom/account").html().select("#reviewMail").hasAttr("checked"))
        .isTrue();
    Response nonsense = keen.post("/newsroom/account/review-mail", Map.of("reviewMail", "maybe"));
    assertThat(nonsense.status()).isEqualTo(400);
    assertThat(nonsense.body()).contains("reviewMail is 'true' or 'false'");

    WebClient later = client();
    later.login(laterEmail, PASSWORD);
    later.open("/newsroom/account");
    assertThat(later.post("/newsroom/account/review-mail", Map.of("reviewMail", "on")).status())
        .isEqualTo(302);

    WebClient author = client();
    author.login(authorEmail, PASSWORD);
    Response authorAccount = author.open("/newsroom/account");
    assertThat(authorAccount.html().select("#reviewMail")).as("authors review nothing").isEmpty();
    assertThat(author.post("/newsroom/account/review-mail", Map.of("reviewMail", "true")).status())
        .isEqualTo(403);

    // the author asks for review
    author.open("/newsroom/articles/new");
    Map<String, Object> form = new HashMap<>();
    form.put("language", "en");
    form.put("headline", "Secret ballot count " + u);
    form.put("body", "The confidential tally shows 4,102 votes were never counted.");
    form.put("authorIds", String.valueOf(authorId));
    form.put("action", "review");
    Response sent = author.postMultipart("/newsroom/articles", form);
    assertThat(sent.status()).as(sent.body()).isEqualTo(302);
    long id = Long.parseLong(sent.location().replaceAll(".*/(\\d+)$", "$1"));

    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(keenEmail).size() == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(laterEmail).size() == 1);
    Queued mail = mailsTo(keenEmail).get(0);
    assertThat(mail.subject()).isEqualTo("Ready for review: Secret ballot count " + u);
    assertThat(mail.text())
        .contains(
            "Author " + u,
            "Secret ballot count " + u,
            "/newsroom/articles/" + id,
            "/newsroom/review",
            "/newsroom/account")
        .doesNotContain("confidential", "4,102");
    assertThat(mailsTo(quietEmail)).as("did not ask for it").isEmpty();
    assertThat(mailsTo(authorEmail)).isEmpty();

    // the keen editor stops the mails, sends it back; the fix reaches only the other one
    assertThat(keen.post("/newsroom/account/review-mail", Map.of()).status()).isEqualTo(302);
    assertThat(keen.open("/newsroom/account").html().select("#reviewMail").hasAttr("checked"))
        .isFalse();
    keen.open("/newsroom/articles/" + id);
    assertThat(
            keen.post("/newsroom/articles/" + id + "/send-back", Map.of("note", "Add a source."))
                .status())
        .isEqualTo(302);
    author.open("/newsroom/articles/" + id);
    form.put("body", "The tally, seen by two observers, shows 4,102 votes were never counted.");
    form.put("version", String.valueOf(articles.get(id).version()));
    assertThat(author.postMultipart("/newsroom/articles/" + id, form).status()).isEqualTo(302);

    await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(laterEmail).size() == 2);
    assertThat(mailsTo(keenEmail)).hasSize(1);
    assertThat(mailsTo(quietEmail)).isEmpty();
  }

  private List<Queued> mailsTo(String recipient) {
    return jdbc.sql(
            "SELECT subject, text_body FROM mail_outbox WHERE recipient = :to"
                + " ORDER BY created_at, id")
        .param("to", recipient)
        .query((rs, n) -> new Queued(rs.getString(1), rs.getString(2)))
        .list();
  }
}
