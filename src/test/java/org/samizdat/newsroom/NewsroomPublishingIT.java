package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.CommittedEvents;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.ArticlePublished;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The newsroom over HTTP: writing, publishing, scheduling, revising, withdrawing, and every bad
 * input.
 */
class NewsroomPublishingIT extends IntegrationTest {

  @Autowired Taxonomy taxonomy;
  @Autowired Articles articles;
  @Autowired Publishing publishing;
  @Autowired StaffDirectory staff;
  @Autowired JdbcClient jdbc;
  @Autowired CommittedEvents events;

  WebClient editor;
  long authorId;
  long sectionId;
  String unique;

  @BeforeEach
  void setUp() {
    unique = UUID.randomUUID().toString().substring(0, 8);
    authorId = taxonomy.createAuthor("Writer " + unique, "writer-" + unique, "");
    sectionId =
        taxonomy.createSection("section-" + unique, "Section " + unique, "Раздел " + unique, 9);
    editor = admin();
    editor.open("/newsroom/articles/new");
  }

  private Map<String, Object> form(String headline, String action) {
    Map<String, Object> f = new HashMap<>();
    f.put("language", "en");
    f.put("headline", headline);
    f.put("standfirst", "A standfirst");
    f.put("body", "## Heading\n\nBody text for " + headline);
    f.put("sectionId", String.valueOf(sectionId));
    f.put("authorIds", String.valueOf(authorId));
    f.put("tags", "courts, media freedom");
    f.put("action", action);
    return f;
  }

  private long idFrom(Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return Long.parseLong(r.location().replaceAll(".*/newsroom/articles/(\\d+)$", "$1"));
  }

  private long articleCount() {
    return jdbc.sql("SELECT count(*) FROM article").query(Long.class).single();
  }

  @Test
  void anEditorPublishesAndReadersFindTheArticleAtItsDatedAddress() {
    String headline = "Court frees blogger " + unique;
    long id = idFrom(editor.postMultipart("/newsroom/articles", form(headline, "publish")));

    Response page = editor.get("/newsroom/articles/" + id);
    assertThat(page.html().select(".flash").text()).startsWith("Published");

    String path = articles.get(id).path(java.time.ZoneId.of("UTC"));
    assertThat(path).matches("/\\d{4}/\\d{2}/\\d{2}/court-frees-blogger-" + unique);
    Response reader = client().get(path);
    assertThat(reader.status()).isEqualTo(200);
    assertThat(reader.html().select("h1").text()).isEqualTo(headline);
    assertThat(reader.html().select(".article-body h2").text()).isEqualTo("Heading");
    assertThat(reader.html().select(".byline").text()).contains("Writer " + unique);
    assertThat(reader.header("Cache-Control")).startsWith("public");
    assertThat(reader.header("Set-Cookie")).isNull();
    assertThat(events.of(ArticlePublished.class).stream().filter(e -> e.articleId() == id))
        .hasSize(1);
  }

  @Test
  void everyLanguageDropDownOffersEachLanguageByItsOwnNameAndKeepsTheChoice() {
    String russian = "<option value=\"ru\" selected>Русский</option>";
    long id =
        idFrom(
            editor.postMultipart(
                "/newsroom/articles", withLanguage("ru", form("Язык " + unique, "save"))));
    assertThat(editor.get("/newsroom/articles/" + id).body())
        .contains(russian, "<option value=\"en\">English</option>");
    assertThat(editor.get("/newsroom/articles?language=ru").body())
        .contains("<option value=\"\">Any</option>", russian);
    assertThat(editor.get("/newsroom/tags").body())
        .contains("<option value=\"en\">English</option><option value=\"ru\">Русский</option>");
  }

  private static Map<String, Object> withLanguage(String language, Map<String, Object> form) {
    form.put("language", language);
    return form;
  }

  @Test
  void aDraftIsNotVisibleToReaders() {
    long id =
        idFrom(editor.postMultipart("/newsroom/articles", form("Draft only " + unique, "save")));
    assertThat(articles.get(id).publishedAt()).isNull();
    Response home = client().get("/");
    assertThat(home.body()).doesNotContain("Draft only " + unique);
  }

  @Test
  void aMissingHeadlineIsRejectedWithAClearMessageAndNothingIsStored() {
    long before = articleCount();
    Map<String, Object> f = form("", "save");
    Response r = editor.postMultipart("/newsroom/articles", f);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.html().select(".error").text()).contains("Write a headline.");
    assertThat(r.html().select("textarea#body").text()).contains("Body text for");
    assertThat(articleCount()).isEqualTo(before);
  }

  @Test
  void anOverLongHeadlineIsRejected() {
    long before = articleCount();
    Response r = editor.postMultipart("/newsroom/articles", form("x".repeat(201), "save"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Keep the headline to 200 characters.");
    assertThat(articleCount()).isEqualTo(before);
  }

  @Test
  void aDuplicateSlugInTheSameLanguageIsRejectedButTheOtherLanguageMayUseIt() {
    Map<String, Object> first = form("First " + unique, "save");
    first.put("slug", "same-" + unique);
    idFrom(editor.postMultipart("/newsroom/articles", first));

    Map<String, Object> second = form("Second " + unique, "save");
    second.put("slug", "same-" + unique);
    Response r = editor.postMultipart("/newsroom/articles", second);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("already uses the slug");

    second.put("language", "ru");
    idFrom(editor.postMultipart("/newsroom/articles", second));
  }

  @Test
  void aBadSlugAnUnknownLanguageAndAMalformedDateEachGetTheirOwnMessage() {
    Map<String, Object> f = form("Slug test " + unique, "save");
    f.put("slug", "Not A Slug/../");
    assertThat(editor.postMultipart("/newsroom/articles", f).body())
        .contains("Use only lower-case Latin letters");

    Map<String, Object> g = form("Language test " + unique, "save");
    g.put("language", "fr");
    Response lang = editor.postMultipart("/newsroom/articles", g);
    assertThat(lang.status()).isEqualTo(400);
    assertThat(lang.body()).contains("is not a language this site publishes in");

    Map<String, Object> h = form("Date test " + unique, "schedule");
    h.put("publishAt", "next tuesday");
    Response date = editor.postMultipart("/newsroom/articles", h);
    assertThat(date.status()).isEqualTo(400);
    assertThat(date.body()).contains("YYYY-MM-DD HH:MM");

    Map<String, Object> i = form("Section test " + unique, "save");
    i.put("sectionId", "abc");
    assertThat(editor.postMultipart("/newsroom/articles", i).status()).isEqualTo(400);
  }

  @Test
  void publishingNeedsAnAuthorAndABody() {
    Map<String, Object> f = form("No author " + unique, "publish");
    f.remove("authorIds");
    f.put("body", "");
    long before = articleCount();
    Response r = editor.postMultipart("/newsroom/articles", f);
    // the draft is saved, but it does not go live, and the form now edits the saved draft
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .contains("Choose at least one author", "Write the article's body", "was not published");
    // the box says what happened (saved, not published), never "not saved" above "saved"
    var box = r.html().selectFirst("div.error");
    assertThat(box.selectFirst("p").text())
        .isEqualTo("Your changes were saved, but the article was not published:");
    assertThat(box.select("li").eachText())
        .containsExactly(
            "Write the article's body before publishing it.",
            "Choose at least one author before publishing.");
    assertThat(box.text()).doesNotContain("was not saved");
    assertThat(articleCount()).isEqualTo(before + 1);
    String action = r.html().selectFirst("form.editor").attr("action");
    assertThat(action).matches("/newsroom/articles/\\d+");
    long id = Long.parseLong(action.substring(action.lastIndexOf('/') + 1));
    assertThat(articles.get(id).publishedAt()).isNull();
  }

  @Test
  void everySaveLeavesARevisionAndAnEarlierOneCanBeRestored() {
    long id = idFrom(editor.postMultipart("/newsroom/articles", form("Revised " + unique, "save")));
    Map<String, Object> second = form("Revised " + unique, "save");
    second.put("body", "Completely new text");
    second.put("version", String.valueOf(articles.get(id).version()));
    idFrom(editor.postMultipart("/newsroom/articles/" + id, second));
    assertThat(articles.get(id).bodyMarkdown()).isEqualTo("Completely new text");

    Response history = editor.get("/newsroom/articles/" + id + "/revisions");
    assertThat(history.html().select("ol.revisions > li")).hasSize(2);
    editor.post("/newsroom/articles/" + id + "/revisions/1/restore", Map.of());
    assertThat(articles.get(id).bodyMarkdown()).contains("Body text for Revised");
    assertThat(articles.revisions(id)).hasSize(3);
    assertThat(articles.revisions(id).get(0).note()).isEqualTo("Restored revision 1");
  }

  @Test
  void aStaleVersionIsRefusedSoNobodyOverwritesSomeoneElsesWork() {
    long id =
        idFrom(editor.postMultipart("/newsroom/articles", form("Contested " + unique, "save")));
    int version = articles.get(id).version();
    Map<String, Object> mine = form("Contested " + unique, "save");
    mine.put("body", "mine");
    mine.put("version", String.valueOf(version));
    idFrom(editor.postMultipart("/newsroom/articles/" + id, mine));
    Map<String, Object> theirs = form("Contested " + unique, "save");
    theirs.put("body", "theirs");
    theirs.put("version", String.valueOf(version));
    Response r = editor.postMultipart("/newsroom/articles/" + id, theirs);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.html().select(".error").text())
        .contains("saved this article at", "your changes were not saved over theirs");
    assertThat(articles.get(id).bodyMarkdown()).isEqualTo("mine");
    // the loser's text is neither lost nor applied: it is in the form and in the history
    assertThat(r.html().select("textarea#body").text()).isEqualTo("theirs");
    assertThat(articles.revisions(id).get(0).text().bodyMarkdown()).isEqualTo("theirs");
    assertThat(articles.revisions(id).get(0).note()).startsWith("Not saved");
  }

  @Test
  void unpublishingAnswers410AndDeletingIsRecoverable() {
    long id =
        idFrom(editor.postMultipart("/newsroom/articles", form("Withdrawn " + unique, "publish")));
    String path = articles.get(id).path(java.time.ZoneId.of("UTC"));
    assertThat(client().get(path).status()).isEqualTo(200);

    Map<String, Object> f = form("Withdrawn " + unique, "unpublish");
    f.put("version", String.valueOf(articles.get(id).version()));
    idFrom(editor.postMultipart("/newsroom/articles/" + id, f));
    Response gone = client().get(path);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.html().select("h1").text()).isEqualTo("This page was withdrawn");

    editor.post("/newsroom/articles/" + id + "/delete", Map.of());
    assertThat(articles.get(id).deletedAt()).isNotNull();
    assertThat(editor.get("/newsroom/articles?trash=true&q=" + unique).body())
        .contains("Withdrawn " + unique);
    editor.post("/newsroom/articles/" + id + "/restore", Map.of());
    assertThat(articles.get(id).deletedAt()).isNull();
  }

  @Test
  void renamingAPublishedArticleRedirectsTheOldAddress() {
    long id =
        idFrom(editor.postMultipart("/newsroom/articles", form("Old name " + unique, "publish")));
    String oldPath = articles.get(id).path(java.time.ZoneId.of("UTC"));
    Map<String, Object> f = form("New name " + unique, "publish");
    f.put("slug", "new-name-" + unique);
    f.put("version", String.valueOf(articles.get(id).version()));
    idFrom(editor.postMultipart("/newsroom/articles/" + id, f));
    String newPath = articles.get(id).path(java.time.ZoneId.of("UTC"));
    assertThat(newPath).endsWith("/new-name-" + unique);
    Response moved = client().get(oldPath);
    assertThat(moved.status()).isEqualTo(301);
    assertThat(moved.location()).endsWith(newPath);
    assertThat(client().get(newPath).html().select("h1").text()).isEqualTo("New name " + unique);
  }

  @Test
  void aScheduledArticleGoesLiveExactlyOnceEvenWhenManyNodesLookAtOnce() throws Exception {
    Map<String, Object> f = form("Scheduled " + unique, "schedule");
    String at =
        LocalDateTime.now(ZoneOffset.UTC)
            .plusMinutes(30)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
    f.put("publishAt", at);
    long id = idFrom(editor.postMultipart("/newsroom/articles", f));
    assertThat(articles.get(id).status().name()).isEqualTo("SCHEDULED");
    assertThat(publishing.publishDue()).as("not due yet").isZero();

    // its time comes
    jdbc.sql("UPDATE article SET publish_at = :at WHERE id = :id")
        .param("at", java.sql.Timestamp.from(Instant.now().minusSeconds(5)))
        .param("id", id)
        .update();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Integer>> runs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      runs.add(pool.submit((Callable<Integer>) publishing::publishDue));
    }
    int published = 0;
    for (Future<Integer> run : runs) {
      published += run.get();
    }
    pool.shutdown();
    assertThat(published).isEqualTo(1);
    assertThat(articles.get(id).status().name()).isEqualTo("PUBLISHED");
    assertThat(
            articles.revisions(id).stream().filter(r -> r.note().equals("Published as scheduled")))
        .hasSize(1);
    assertThat(events.of(ArticlePublished.class).stream().filter(e -> e.articleId() == id))
        .hasSize(1);
    assertThat(client().get(articles.get(id).path(java.time.ZoneId.of("UTC"))).status())
        .isEqualTo(200);
  }

  @Test
  void schedulingInThePastIsRefused() {
    Map<String, Object> f = form("Past " + unique, "schedule");
    f.put("publishAt", "2001-01-01T09:00");
    Response r = editor.postMultipart("/newsroom/articles", f);
    // the draft itself is saved; the schedule is refused with a reason
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("Choose a time in the future");
  }

  @Test
  void authorsWriteTheirOwnDraftsButCannotPublishOrOpenOthersWork() {
    String email = "author-" + unique + "@samizdat.test";
    staff.create(email, "Author " + unique, "author-password-123", StaffRole.AUTHOR, authorId);
    long editorsArticle =
        idFrom(editor.postMultipart("/newsroom/articles", form("Editor's " + unique, "save")));

    WebClient author = client();
    author.login(email, "author-password-123");
    author.open("/newsroom/articles/new");
    long own =
        idFrom(author.postMultipart("/newsroom/articles", form("Author's " + unique, "save")));
    assertThat(author.get("/newsroom/articles/" + own).status()).isEqualTo(200);
    assertThat(
            author
                .postMultipart("/newsroom/articles", form("Sneaky " + unique, "publish"))
                .status())
        .isEqualTo(403);
    assertThat(author.get("/newsroom/articles/" + editorsArticle).status()).isEqualTo(403);
    assertThat(author.get("/newsroom/staff").status()).isEqualTo(403);
    assertThat(author.get("/newsroom/articles").body())
        .contains("Author's " + unique)
        .doesNotContain("Editor's " + unique);
    assertThat(articles.find(own).orElseThrow().publishedAt()).isNull();
  }

  @Test
  void theLivePreviewRendersWhatReadersWillSeeAndStripsScripts() {
    Response r =
        editor.post(
            "/newsroom/preview",
            Map.of("body", "## Hi\n\n<script>alert(1)</script><b onclick=x>bold</b>"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body())
        .contains("<h2>Hi</h2>", "<b>bold</b>")
        .doesNotContain("script")
        .doesNotContain("onclick");
  }
}
