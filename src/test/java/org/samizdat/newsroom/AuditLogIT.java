package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Staff actions land in an append-only audit log that admins, and only admins, can read. */
class AuditLogIT extends IntegrationTest {

  static final String PASSWORD = "a long enough password";

  @Autowired Taxonomy taxonomy;
  @Autowired StaffDirectory staff;
  @Autowired AuditLog audit;
  @Autowired JdbcClient jdbc;

  String unique;
  long authorId;
  long sectionId;

  @BeforeEach
  void setUp() {
    unique = UUID.randomUUID().toString().substring(0, 8);
    authorId = taxonomy.createAuthor("Audited " + unique, "audited-" + unique, "");
    sectionId = taxonomy.createSection("audit-" + unique, "Audit " + unique, "Аудит " + unique, 9);
  }

  private Map<String, Object> article(String headline, String action) {
    Map<String, Object> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", headline);
    f.put("standfirst", "A standfirst");
    f.put("body", "Body text for " + headline);
    f.put("sectionId", String.valueOf(sectionId));
    f.put("authorIds", String.valueOf(authorId));
    f.put("action", action);
    return f;
  }

  private WebClient member(StaffRole role, String email) {
    staff.create(email, role.name() + " " + unique, PASSWORD, role, authorId);
    WebClient c = client();
    c.login(email, PASSWORD);
    return c;
  }

  @Test
  void aPublishAndAFailedSignInAppearForAdminsAndEditorsAreRefused() {
    String editorEmail = "audited-editor-" + unique + "@samizdat.test";
    WebClient editor = member(StaffRole.EDITOR, editorEmail);
    editor.open("/newsroom/articles/new");
    String headline = "Audited story " + unique;
    WebClient.Response published =
        editor.postMultipart("/newsroom/articles", article(headline, "publish"));
    assertThat(published.status()).isEqualTo(302);

    String guesser = "nobody-" + unique + "@samizdat.test";
    WebClient stranger = client().header("X-Forwarded-For", "203.0.113.9");
    stranger.open("/newsroom/login");
    stranger.post("/newsroom/login", Map.of("email", guesser, "password", "wrong"));

    WebClient admin = admin();
    WebClient.Response publishes =
        admin.get("/newsroom/audit?action=article-publish&who=" + editorEmail);
    assertThat(publishes.status()).isEqualTo(200);
    var rows = publishes.html().select("table.audit tbody tr");
    assertThat(rows).hasSize(1);
    assertThat(rows.text()).contains(editorEmail).contains(headline).contains("127.0.0.1");

    WebClient.Response failures = admin.get("/newsroom/audit?action=sign-in-failed&who=" + guesser);
    assertThat(failures.html().select("table.audit tbody tr").text())
        .contains(guesser)
        .contains("sign-in-failed");
    WebClient.Response signIns = admin.get("/newsroom/audit?action=sign-in&who=" + editorEmail);
    assertThat(signIns.html().select("table.audit tbody tr")).hasSize(1);

    // a filter by date: nothing from tomorrow on; a malformed date is a clear 400
    String tomorrow = java.time.LocalDate.now().plusDays(2).toString();
    assertThat(
            admin
                .get("/newsroom/audit?who=" + editorEmail + "&from=" + tomorrow)
                .html()
                .select("table.audit tbody tr"))
        .isEmpty();
    WebClient.Response badDate = admin.get("/newsroom/audit?from=yesterday");
    assertThat(badDate.status()).isEqualTo(400);
    assertThat(badDate.body()).contains("must look like 2026-12-01");

    // editors may not read it
    assertThat(editor.get("/newsroom/audit").status()).isEqualTo(403);
    assertThat(editor.get("/newsroom/articles").body()).doesNotContain("/newsroom/audit");
  }

  @Test
  void theLogIsAppendOnlyButTheRetentionJobRemovesOldEntries() {
    audit.record("retention-" + unique + "@samizdat.test", "backup", "recent", "127.0.0.1");
    jdbc.sql(
            """
            INSERT INTO audit_entry (at, actor, action, subject, address)
            VALUES (:at, :actor, 'backup', 'old', '127.0.0.1')
            """)
        .param("at", Timestamp.from(Instant.now().minus(Duration.ofDays(400))))
        .param("actor", "retention-" + unique + "@samizdat.test")
        .update();
    assertThatThrownBy(() -> jdbc.sql("UPDATE audit_entry SET actor = 'someone else'").update())
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () ->
                jdbc.sql("DELETE FROM audit_entry WHERE actor LIKE :a")
                    .param("a", "retention-" + unique + "%")
                    .update())
        .hasMessageContaining("append-only");

    assertThat(audit.applyRetention()).isGreaterThanOrEqualTo(1);
    assertThat(
            jdbc.sql("SELECT subject FROM audit_entry WHERE actor = :a")
                .param("a", "retention-" + unique + "@samizdat.test")
                .query(String.class)
                .list())
        .containsExactly("recent");
  }

  @Test
  void roleChangesAndSignOutEverywhereAreRecordedWithWhoDidThem() {
    String email = "audited-role-" + unique + "@samizdat.test";
    WebClient author = member(StaffRole.AUTHOR, email);
    author.open("/newsroom/account");
    author.post("/newsroom/account/sign-out-everywhere", Map.of());
    long id = staff.all().stream().filter(m -> m.email().equals(email)).findFirst().get().id();
    WebClient admin = admin();
    admin.open("/newsroom/staff");
    admin.post(
        "/newsroom/staff/" + id,
        Map.of("displayName", "Promoted", "role", "EDITOR", "enabled", "true"));

    String roles = admin.get("/newsroom/audit?action=staff-role-change").body();
    assertThat(roles).contains(email + ": AUTHOR → EDITOR").contains(ADMIN_EMAIL);
    assertThat(admin.get("/newsroom/audit?action=sign-out-everywhere&who=" + email).body())
        .contains("1 session ended");
  }

  @Test
  void anAuthorCannotRelinkTheTranslationOfAPublishedArticleTheyCannotEdit() {
    WebClient editor = admin();
    editor.open("/newsroom/articles/new");
    WebClient.Response r =
        editor.postMultipart("/newsroom/articles", article("Published " + unique, "publish"));
    long published = Long.parseLong(r.location().replaceAll(".*/newsroom/articles/(\\d+)$", "$1"));

    WebClient author = member(StaffRole.AUTHOR, "translator-" + unique + "@samizdat.test");
    author.open("/newsroom/articles/new");
    Map<String, Object> mine = article("Перевод " + unique, "save");
    mine.put("language", "ru");
    mine.put("translationId", String.valueOf(published));
    WebClient.Response refused = author.postMultipart("/newsroom/articles", mine);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("only an editor may change it");
    assertThat(
            jdbc.sql("SELECT translation_id FROM article WHERE id = :id")
                .param("id", published)
                .query(Long.class)
                .optional())
        .isEmpty();

    // without the link, the author's draft saves
    mine.remove("translationId");
    assertThat(author.postMultipart("/newsroom/articles", mine).status()).isEqualTo(302);
  }
}
