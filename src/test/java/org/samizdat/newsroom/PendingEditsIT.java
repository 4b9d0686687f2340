package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Edits to a live article stay in the newsroom until an editor updates the live article: saving,
 * autosaving and restoring never change what readers see. Autosave, who-else-is-editing and the
 * loser's text in a conflict.
 */
class PendingEditsIT extends IntegrationTest {

  @Autowired Taxonomy taxonomy;
  @Autowired Articles articles;
  @Autowired Publishing publishing;
  @Autowired StaffDirectory staff;
  @Autowired JdbcClient jdbc;

  WebClient editor;
  long authorId;
  String unique;

  @BeforeEach
  void setUp() {
    unique = UUID.randomUUID().toString().substring(0, 8);
    authorId = taxonomy.createAuthor("Writer " + unique, "pw-" + unique, "");
    editor = admin();
    editor.open("/newsroom/articles/new");
  }

  private Map<String, Object> form(String headline, String body, String action) {
    Map<String, Object> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", headline);
    f.put("standfirst", "A standfirst");
    f.put("body", body);
    f.put("authorIds", String.valueOf(authorId));
    f.put("action", action);
    return f;
  }

  private long publishOne() {
    Response r =
        editor.postMultipart(
            "/newsroom/articles",
            form("Live story " + unique, "The published text " + unique, "publish"));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return Long.parseLong(r.location().replaceAll(".*/newsroom/articles/(\\d+)$", "$1"));
  }

  private String path(long id) {
    return articles.get(id).path(ZoneId.of("UTC"));
  }

  private Map<String, Object> edit(long id, String body, String action) {
    Map<String, Object> f = form("Live story " + unique, body, action);
    f.put("version", String.valueOf(articles.get(id).version()));
    return f;
  }

  @Test
  void savingALiveArticleKeepsItsReadersOnThePublishedTextUntilTheLiveArticleIsUpdated() {
    long id = publishOne();
    assertThat(client().get(path(id)).body()).contains("The published text " + unique);

    Response saved =
        editor.postMultipart(
            "/newsroom/articles/" + id, edit(id, "NOT FOR READERS YET " + unique, "save"));
    assertThat(saved.status()).isEqualTo(302);

    Response reader = client().get(path(id));
    assertThat(reader.body())
        .contains("The published text " + unique)
        .doesNotContain("NOT FOR READERS YET");
    assertThat(reader.html().select(".updated")).as("no 'Updated' stamp").isEmpty();
    assertThat(articles.get(id).bodyMarkdown()).isEqualTo("The published text " + unique);

    // the newsroom shows the pending text, and says readers do not see it yet
    Response page = editor.get("/newsroom/articles/" + id);
    assertThat(page.html().select(".flash").text()).contains("Readers still see the live version");
    assertThat(page.html().select("#pending-notice").text()).contains("Unpublished changes");
    assertThat(page.html().select("textarea#body").text())
        .isEqualTo("NOT FOR READERS YET " + unique);
    assertThat(page.html().select("button#publish").text()).isEqualTo("Update live article");
    assertThat(articles.revisions(id).get(0).note()).isEqualTo("Saved (not live yet)");

    // "Update live article" puts it live, and the pending edit is used up
    Response updated =
        editor.postMultipart(
            "/newsroom/articles/" + id, edit(id, "NOT FOR READERS YET " + unique, "publish"));
    assertThat(updated.status()).isEqualTo(302);
    assertThat(client().get(path(id)).body()).contains("NOT FOR READERS YET " + unique);
    assertThat(articles.pendingEdit(id)).isEmpty();
    assertThat(editor.get("/newsroom/articles/" + id).html().select("#pending-notice")).isEmpty();
  }

  @Test
  void pendingChangesCanBeDiscardedAndRestoringARevisionOfALiveArticleWaitsToo() {
    long id = publishOne();
    editor.postMultipart("/newsroom/articles/" + id, edit(id, "Half-written " + unique, "save"));
    assertThat(articles.pendingEdit(id)).isPresent();
    Response discarded =
        editor.postMultipart("/newsroom/articles/" + id, edit(id, "ignored", "discard"));
    assertThat(discarded.status()).isEqualTo(302);
    assertThat(articles.pendingEdit(id)).isEmpty();
    assertThat(editor.get("/newsroom/articles/" + id).html().select("textarea#body").text())
        .isEqualTo("The published text " + unique);

    editor.postMultipart("/newsroom/articles/" + id, edit(id, "Second take " + unique, "publish"));
    assertThat(client().get(path(id)).body()).contains("Second take " + unique);
    editor.post("/newsroom/articles/" + id + "/revisions/1/restore", Map.of());
    assertThat(client().get(path(id)).body())
        .as("restoring an old text does not put it live by itself")
        .contains("Second take " + unique);
    assertThat(articles.pendingEdit(id).orElseThrow().draft().bodyMarkdown())
        .isEqualTo("The published text " + unique);
  }

  @Test
  void anUpdateCanBeScheduledAndGoesLiveWhenItsTimeComes() {
    long id = publishOne();
    Map<String, Object> f = edit(id, "Tomorrow's version " + unique, "schedule");
    f.put(
        "publishAt",
        LocalDateTime.now(ZoneOffset.UTC)
            .plusHours(2)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")));
    Response r = editor.postMultipart("/newsroom/articles/" + id, f);
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    assertThat(articles.pendingEdit(id).orElseThrow().applyAt()).isNotNull();
    assertThat(client().get(path(id)).body()).doesNotContain("Tomorrow's version");

    jdbc.sql("UPDATE article_pending_edit SET apply_at = :at WHERE article_id = :id")
        .param("at", Timestamp.from(Instant.now().minusSeconds(1)))
        .param("id", id)
        .update();
    assertThat(publishing.publishDue()).isGreaterThanOrEqualTo(1);
    assertThat(client().get(path(id)).body()).contains("Tomorrow's version " + unique);
    assertThat(articles.pendingEdit(id)).isEmpty();
    assertThat(articles.revisions(id).get(0).note()).isEqualTo("Updated as scheduled");
  }

  @Test
  void autosaveKeepsTheTextPrivateWritesAtMostOneRevisionAMinuteAndKeepsTheLosersText() {
    long id = publishOne();
    int revisionsBefore = articles.revisions(id).size();
    Map<String, String> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", "Live story " + unique);
    f.put("body", "Typing mid-sent");
    f.put("authorIds", String.valueOf(authorId));
    f.put("version", String.valueOf(articles.get(id).version()));
    Response first = editor.post("/newsroom/articles/" + id + "/autosave", f);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.body()).contains("\"pending\":true", "\"savedAt\":");
    int version = Integer.parseInt(first.body().replaceAll(".*\"version\":(\\d+).*", "$1"));

    f.put("body", "Typing mid-sentence, and on");
    f.put("version", String.valueOf(version));
    Response second = editor.post("/newsroom/articles/" + id + "/autosave", f);
    assertThat(second.status()).isEqualTo(200);
    assertThat(articles.revisions(id)).hasSize(revisionsBefore + 1);
    assertThat(articles.pendingEdit(id).orElseThrow().draft().bodyMarkdown())
        .isEqualTo("Typing mid-sentence, and on");
    assertThat(client().get(path(id)).body()).doesNotContain("Typing mid-sent");

    // someone else's stale tab: refused, and its text is kept as a revision
    f.put("body", "A stale tab's text");
    f.put("version", String.valueOf(version));
    Response stale = editor.post("/newsroom/articles/" + id + "/autosave", f);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body()).contains("keptRevision");
    assertThat(articles.revisions(id).get(0).text().bodyMarkdown()).isEqualTo("A stale tab's text");
    assertThat(articles.pendingEdit(id).orElseThrow().draft().bodyMarkdown())
        .isEqualTo("Typing mid-sentence, and on");
  }

  @Test
  void aNewArticleIsCreatedByItsFirstAutosaveOnceItHasAHeadline() {
    Map<String, String> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", "");
    f.put("body", "no headline yet");
    assertThat(editor.post("/newsroom/articles/autosave", f).status()).isEqualTo(400);
    f.put("headline", "Autosaved draft " + unique);
    Response r = editor.post("/newsroom/articles/autosave", f);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    long id = Long.parseLong(r.body().replaceAll(".*\"id\":(\\d+).*", "$1"));
    assertThat(articles.get(id).bodyMarkdown()).isEqualTo("no headline yet");
    assertThat(articles.get(id).publishedAt()).isNull();
  }

  @Test
  void aSecondPersonOpeningTheArticleSeesWhoIsEditingAndSinceWhen() {
    long id = publishOne();
    editor.get("/newsroom/articles/" + id);
    String email = "second-" + unique + "@samizdat.test";
    staff.create(email, "Second Editor " + unique, "second-password-123", StaffRole.EDITOR, null);
    WebClient second = client();
    second.login(email, "second-password-123");
    Response page = second.open("/newsroom/articles/" + id);
    assertThat(page.html().select("#presence").text())
        .matches(".* has had this article open since \\d{2}:\\d{2}\\.");
    assertThat(page.html().selectFirst("#presence").hasAttr("hidden")).isFalse();

    // the first editor's page learns about the second through its heartbeat
    Response heartbeat = editor.post("/newsroom/articles/" + id + "/presence", Map.of());
    assertThat(heartbeat.body()).contains("Second Editor " + unique + " has had this article open");
    second.post("/newsroom/articles/" + id + "/presence", Map.of("leaving", "true"));
    assertThat(editor.post("/newsroom/articles/" + id + "/presence", Map.of()).body())
        .doesNotContain("Second Editor " + unique);
  }
}
