package org.samizdat.reach.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The newsroom's newsletter screen: editors and admins list, search, export and remove; authors may
 * not.
 */
class NewsletterNewsroomIT extends IntegrationTest {

  @Autowired JdbcClient jdbc;

  String u;
  WebClient admin;

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
    admin = admin();
  }

  @Test
  void editorsAndAdminsSeeSubscribersAndSearchThem() {
    subscriber("alice-" + u + "@readers.test", "en", "DAILY", true);
    subscriber("boris-" + u + "@readers.test", "ru", "WEEKLY", false);
    subscriber("other-" + UUID.randomUUID() + "@readers.test", "en", "DAILY", true);

    Response page = admin.get("/newsroom/newsletter?q=" + u);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Cache-Control")).contains("no-store");
    List<String> rows = page.html().select("table.subscribers tbody tr").eachText();
    assertThat(rows).hasSize(2);
    assertThat(rows)
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("alice-" + u)
                    .contains("English")
                    .contains("daily")
                    .contains("yes"));
    assertThat(rows)
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("boris-" + u)
                    .contains("Русский")
                    .contains("weekly")
                    .contains("not yet"));
    assertThat(page.html().select("p.count").text()).startsWith("2 subscribers matching");
    assertThat(page.html().select(".revenue-cards").text())
        .contains("Subscribers")
        .contains("Waiting to confirm")
        .contains("Unsubscribed");
    assertThat(page.html().select("a[href=/newsroom/newsletter]"))
        .as("the newsroom's menu links here")
        .isNotEmpty();
    assertThat(
            admin
                .get("/newsroom/newsletter?q=ALICE-" + u.toUpperCase())
                .html()
                .select("table.subscribers tbody tr"))
        .as("any letter case")
        .hasSize(1);
    assertThat(admin.get("/newsroom/newsletter?q=%25").status())
        .as("a % is searched for, not a wildcard")
        .isEqualTo(200);

    WebClient editor = staff("EDITOR");
    assertThat(
            editor.get("/newsroom/newsletter?q=" + u).html().select("table.subscribers tbody tr"))
        .hasSize(2);
  }

  @Test
  void subscribersArePagedFiftyAtATime() {
    for (int i = 0; i < 51; i++) {
      subscriber("paged-" + i + "-" + u + "@readers.test", "en", "DAILY", true);
    }
    Response first = admin.get("/newsroom/newsletter?q=" + u);
    assertThat(first.html().select("table.subscribers tbody tr")).hasSize(50);
    assertThat(first.html().select(".pager").text()).contains("Page 1 of 2");
    String next = first.html().selectFirst(".pager a").attr("href");
    assertThat(next).isEqualTo("/newsroom/newsletter?page=2&q=" + u);
    assertThat(admin.get(next).html().select("table.subscribers tbody tr")).hasSize(1);
  }

  @Test
  void theCsvExportHasEveryMatchAndKeepsAddressesFromRunningAsFormulas() {
    subscriber("=2+5-" + u + "@readers.test", "en", "DAILY", true);
    subscriber("+cmd-" + u + "@readers.test", "ru", "WEEKLY", false);
    subscriber("plain-" + u + "@readers.test", "en", "WEEKLY", true);

    Response csv = admin.get("/newsroom/newsletter/subscribers.csv?q=" + u);

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.header("Content-Disposition"))
        .startsWith("attachment; filename=\"newsletter-subscribers-");
    assertThat(csv.header("Cache-Control")).contains("no-store");
    List<String> lines = List.of(csv.body().split("\r\n"));
    assertThat(lines.get(0)).startsWith("E-mail,Language,Frequency,Confirmed,Since (");
    assertThat(lines).hasSize(4);
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("'=2+5-" + u + "@readers.test,en,daily,yes,"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("'+cmd-" + u + "@readers.test,ru,weekly,no,"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("plain-" + u + "@readers.test,en,weekly,yes,"));
    assertThat(lines.subList(1, 4))
        .allSatisfy(l -> assertThat(l).matches(".*,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
  }

  @Test
  void removingASubscriberDeletesTheAddressWithACsrfTokenOnly() {
    UUID id = subscriber("remove-" + u + "@readers.test", "en", "DAILY", true);
    long unsubscribed =
        jdbc.sql("SELECT coalesce(sum(count), 0) FROM newsletter_unsubscribed")
            .query(Long.class)
            .single();
    admin.open("/newsroom/newsletter?q=" + u);

    assertThat(
            admin
                .postForm("/newsroom/newsletter/subscribers/" + id + "/delete", Map.of(), false)
                .status())
        .as("without a CSRF token")
        .isEqualTo(403);
    assertThat(exists(id)).isTrue();

    Response removed =
        admin.post("/newsroom/newsletter/subscribers/" + id + "/delete", Map.of("q", u));
    assertThat(removed.status()).isEqualTo(302);
    assertThat(removed.location()).endsWith("/newsroom/newsletter?q=" + u);
    assertThat(exists(id)).isFalse();
    assertThat(admin.get("/newsroom/newsletter?q=" + u).html().select(".flash").text())
        .contains("Subscriber removed");
    assertThat(
            jdbc.sql("SELECT coalesce(sum(count), 0) FROM newsletter_unsubscribed")
                .query(Long.class)
                .single())
        .as("a removal is not the reader unsubscribing")
        .isEqualTo(unsubscribed);
    admin.open("/newsroom/newsletter");
    assertThat(admin.post("/newsroom/newsletter/subscribers/" + id + "/delete", Map.of()).status())
        .isEqualTo(404);
  }

  @Test
  void authorsAreForbiddenEverywhereOnTheNewsletterScreen() {
    UUID id = subscriber("kept-" + u + "@readers.test", "en", "DAILY", true);
    WebClient author = staff("AUTHOR");

    assertThat(author.get("/newsroom/articles").html().select("a[href=/newsroom/newsletter]"))
        .isEmpty();
    assertThat(author.get("/newsroom/newsletter").status()).isEqualTo(403);
    assertThat(author.get("/newsroom/newsletter/subscribers.csv").status()).isEqualTo(403);
    assertThat(author.post("/newsroom/newsletter/subscribers/" + id + "/delete", Map.of()).status())
        .isEqualTo(403);
    assertThat(author.post("/newsroom/newsletter/send-now", Map.of()).status()).isEqualTo(403);
    assertThat(exists(id)).isTrue();
    assertThat(client().get("/newsroom/newsletter").status()).as("signed out").isEqualTo(302);
  }

  UUID subscriber(String email, String language, String frequency, boolean confirmed) {
    UUID id = UUID.randomUUID();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    jdbc.sql(
            """
            INSERT INTO newsletter_subscriber (id, email, language, frequency, requested_at, confirmed_at)
            VALUES (:id, :email, :language, :frequency, :now, :confirmed)
            """)
        .param("id", id)
        .param("email", email)
        .param("language", language)
        .param("frequency", frequency)
        .param("now", Timestamp.from(now))
        .param("confirmed", confirmed ? Timestamp.from(now) : null)
        .update();
    return id;
  }

  boolean exists(UUID id) {
    return jdbc.sql("SELECT count(*) FROM newsletter_subscriber WHERE id = :id")
            .param("id", id)
            .query(Long.class)
            .single()
        == 1;
  }

  /**
   * A new staff member with the role, created by the admin through the staff screen, and signed in.
   */
  WebClient staff(String role) {
    String email = role.toLowerCase() + "-" + u + "@samizdat.test";
    String password = "staff-password-" + u;
    admin.open("/newsroom/staff");
    Response created =
        admin.post(
            "/newsroom/staff",
            Map.of(
                "email", email, "displayName", role + " " + u, "password", password, "role", role));
    assertThat(created.status()).as("staff member created").isEqualTo(302);
    WebClient c = client();
    c.login(email, password);
    return c;
  }
}
