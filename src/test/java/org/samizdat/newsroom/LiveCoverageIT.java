package org.samizdat.newsroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient;
import org.samizdat.WebClient.FilePart;
import org.samizdat.WebClient.Response;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live coverage over HTTP on real PostgreSQL: an editor switches an article live, posts, corrects
 * and deletes updates, pins a summary and ends the coverage; readers see it all on the article's
 * page (dropped from the page cache at each change) and in the cacheable updates JSON; the
 * article's own author posts too, another author may not.
 */
class LiveCoverageIT extends IntegrationTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String PASSWORD = "live-coverage-password-123";

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired StaffDirectory staff;
  @Autowired PlatformSettings settings;

  long publishedArticle(String headline, List<Long> authorIds) {
    long id =
        publishing.create(
            new ArticleDraft(
                "en",
                "",
                headline,
                "The city went dark at noon.",
                "What we know so far.",
                null,
                List.of(),
                authorIds,
                null,
                null,
                null,
                null),
            Actor.SYSTEM);
    publishing.publishNow(id, Actor.SYSTEM);
    return id;
  }

  static long updateId(Response posted) {
    assertThat(posted.status()).as(posted.body()).isEqualTo(302);
    return Long.parseLong(posted.location().replaceAll(".*#update-(\\d+)$", "$1"));
  }

  static Response post(WebClient c, String path, Map<String, Object> fields) {
    return c.postMultipart(path, new HashMap<>(fields));
  }

  @Test
  void anEditorRunsALivePageAndReadersSeeEveryChange() throws Exception {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long byline = taxonomy.createAuthor("Night Desk " + u, "night-desk-" + u, "");
    long id = publishedArticle("Blackout live " + u, List.of(byline));
    String path = articles.get(id).path(settings.timeZone());
    WebClient editor = admin();
    WebClient reader = client();
    String desk = "/newsroom/articles/" + id + "/live";

    Document editorPage = editor.open("/newsroom/articles/" + id).html();
    assertThat(editorPage.select("#live-desk").text()).contains("Live coverage: off");
    assertThat(editorPage.select("#live-start")).hasSize(1);
    assertThat(reader.get(LiveLinks.updates(id)).status()).as("not a live page yet").isEqualTo(404);

    assertThat(editor.post(desk + "/start", Map.of()).status()).isEqualTo(302);
    cacheNoticesHeardBack();
    Document page = reader.get(path).html();
    assertThat(page.select(".live-badge").text()).isEqualTo("LIVE");
    assertThat(page.select("#live-none")).hasSize(1);
    assertThat(page.select("script[src=/js/live.js]")).hasSize(1);
    assertThat(reader.get(path).header("X-Page-Cache")).isEqualTo("hit");

    editor.open(desk);
    long first =
        updateId(
            post(
                editor,
                desk + "/updates",
                Map.of("text", "**Power** is back in the north. <script>alert(1)</script>")));
    Response afterFirst = reader.get(path);
    assertThat(afterFirst.header("X-Page-Cache")).as("dropped at the update").isEqualTo("miss");
    page = afterFirst.html();
    assertThat(page.select("#update-" + first + " strong").text()).isEqualTo("Power");
    assertThat(page.select("#update-" + first + " .live-author").text()).isNotBlank();
    assertThat(page.select("#update-" + first + " a.live-time").attr("href"))
        .isEqualTo("#update-" + first);
    assertThat(afterFirst.body()).doesNotContain("alert(1)</script>");
    assertThat(page.select("#live-none")).isEmpty();

    long second =
        updateId(
            post(
                editor,
                desk + "/updates",
                Map.of(
                    "text",
                    "Trams stopped on the ring.",
                    "image",
                    new FilePart("IMG_1.jpg", "image/jpeg", MediaUploadIT.jpegWithGps()),
                    "imageAlt",
                    "A dark tram on the ring road")));
    page = reader.get(path).html();
    assertThat(page.select(".live-update").eachAttr("id"))
        .as("newest first")
        .containsExactly("update-" + second, "update-" + first);
    assertThat(page.select("#update-" + second + " img").attr("alt"))
        .isEqualTo("A dark tram on the ring road");
    assertThat(page.select("#update-" + second + " img").attr("srcset")).contains("480w");

    // corrected and deleted
    assertThat(
            post(
                    editor,
                    desk + "/updates/" + first,
                    Map.of("text", "**Power** is back in the north and the east."))
                .status())
        .isEqualTo(302);
    assertThat(editor.post(desk + "/updates/" + second + "/delete", Map.of()).status())
        .isEqualTo(302);
    page = reader.get(path).html();
    assertThat(page.select("#update-" + first).text()).contains("north and the east", "corrected");
    assertThat(page.select("#update-" + second)).isEmpty();

    // each update is a feed item linking to its anchor, in RSS, Atom and JSON Feed
    String anchor = path + "#update-" + first;
    Document rss =
        org.jsoup.Jsoup.parse(
            reader.get("/feed.rss").body(), "", org.jsoup.parser.Parser.xmlParser());
    assertThat(rss.select("item > link").eachText()).anyMatch(l -> l.endsWith(anchor));
    assertThat(rss.select("item > link").eachText())
        .noneMatch(l -> l.endsWith("#update-" + second));
    assertThat(rss.select("item > title").eachText())
        .contains("Live: Blackout live " + u + " — Power is back in the north and the east.");
    Document atom =
        org.jsoup.Jsoup.parse(
            reader.get("/feed.atom").body(), "", org.jsoup.parser.Parser.xmlParser());
    assertThat(atom.select("entry > id").eachText()).anyMatch(l -> l.endsWith(anchor));
    JsonNode feed = JSON.readTree(reader.get("/feed.json").body());
    assertThat(feed.get("items").valueStream().map(i -> i.get("url").asString()))
        .anyMatch(l -> l.endsWith(anchor));

    // pinned summary
    assertThat(
            editor
                .post(desk + "/summary", Map.of("summary", "Key points: *calm*, no injuries."))
                .status())
        .isEqualTo(302);
    page = reader.get(path).html();
    assertThat(page.select("#live-summary em").text()).isEqualTo("calm");

    // the endpoint: JSON, cacheable, with an ETag, the same for everyone
    Response all = reader.get(LiveLinks.updates(id) + "?after=0");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.header("Content-Type")).startsWith("application/json");
    assertThat(all.header("Cache-Control")).startsWith("public").contains("max-age=10");
    assertThat(all.header("ETag")).isNotBlank();
    assertThat(all.header("Set-Cookie")).isNull();
    JsonNode json = JSON.readTree(all.body());
    assertThat(json.get("running").asBoolean()).isTrue();
    assertThat(json.get("updates")).hasSize(1);
    assertThat(json.get("updates").get(0).get("anchor").asString()).isEqualTo("update-" + first);
    assertThat(json.get("updates").get(0).get("html").asString())
        .startsWith("<article class=\"live-update\" id=\"update-" + first + "\"");
    assertThat(json.get("summaryHtml").asString()).contains("<em>calm</em>");
    Response again =
        reader.get(LiveLinks.updates(id) + "?after=0", Map.of("If-None-Match", all.header("ETag")));
    assertThat(again.status()).isEqualTo(304);
    JsonNode none = JSON.readTree(reader.get(LiveLinks.updates(id) + "?after=" + first).body());
    assertThat(none.get("updates")).isEmpty();

    // bad input: a clear 4xx each
    Response badAfter = reader.get(LiveLinks.updates(id) + "?after=yesterday");
    assertThat(badAfter.status()).isEqualTo(400);
    assertThat(badAfter.body()).contains("'after' must be");
    assertThat(reader.get("/live/99999999/updates").status()).isEqualTo(404);
    assertThat(reader.get("/live/abc/updates").status()).isEqualTo(404);
    editor.open(desk);
    Response blank = post(editor, desk + "/updates", Map.of("text", "   "));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.html().select(".error").text()).contains("Write the update's text.");
    Response undescribed =
        post(
            editor,
            desk + "/updates",
            Map.of(
                "text",
                "A photo.",
                "image",
                new FilePart("IMG_2.jpg", "image/jpeg", MediaUploadIT.jpegWithGps())));
    assertThat(undescribed.status()).isEqualTo(400);
    assertThat(undescribed.html().select(".error").text()).contains("Describe the photo");
    assertThat(undescribed.html().select("#text").text())
        .as("typed text kept")
        .isEqualTo("A photo.");
    Response tooLong = post(editor, desk + "/updates", Map.of("text", "x".repeat(20_001)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(editor.post(desk + "/updates/99999999/delete", Map.of()).status()).isEqualTo(404);

    // the end
    assertThat(editor.post(desk + "/end", Map.of()).status()).isEqualTo(302);
    page = reader.get(path).html();
    assertThat(page.select(".live-badge")).isEmpty();
    assertThat(page.select("#live-title").text()).startsWith("Live coverage ended at");
    assertThat(page.select("script[src=/js/live.js]")).as("nothing left to ask").isEmpty();
    assertThat(page.select("#update-" + first)).hasSize(1);
    JsonNode ended = JSON.readTree(reader.get(LiveLinks.updates(id) + "?after=" + first).body());
    assertThat(ended.get("running").asBoolean()).isFalse();
    assertThat(ended.get("status").asString()).startsWith("Live coverage ended at");
    Response late = post(editor, desk + "/updates", Map.of("text", "One more thing."));
    assertThat(late.status()).isEqualTo(400);
    assertThat(late.html().select(".error").text()).contains("has ended");
  }

  @Test
  void theArticlesOwnAuthorPostsUpdatesAnotherAuthorGets403() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    long bylineId = taxonomy.createAuthor("Lena Live " + u, "lena-live-" + u, "");
    long otherByline = taxonomy.createAuthor("Oleg Other " + u, "oleg-other-" + u, "");
    staff.create("lena-" + u + "@samizdat.test", "Lena " + u, PASSWORD, StaffRole.AUTHOR, bylineId);
    staff.create(
        "oleg-" + u + "@samizdat.test", "Oleg " + u, PASSWORD, StaffRole.AUTHOR, otherByline);
    long id = publishedArticle("Strike live " + u, List.of(bylineId));
    String desk = "/newsroom/articles/" + id + "/live";
    WebClient editor = admin();
    assertThat(editor.post(desk + "/start", Map.of()).status()).isEqualTo(302);

    WebClient lena = client();
    lena.login("lena-" + u + "@samizdat.test", PASSWORD);
    assertThat(lena.open(desk).status()).isEqualTo(200);
    long hers = updateId(post(lena, desk + "/updates", Map.of("text", "Pickets at gate 3.")));
    assertThat(lena.post(desk + "/end", Map.of()).status())
        .as("only editors end coverage")
        .isEqualTo(403);
    assertThat(lena.post(desk + "/summary", Map.of("summary", "x")).status()).isEqualTo(403);

    WebClient oleg = client();
    oleg.login("oleg-" + u + "@samizdat.test", PASSWORD);
    assertThat(oleg.get(desk).status()).isEqualTo(403);
    oleg.open("/newsroom/articles");
    assertThat(post(oleg, desk + "/updates", Map.of("text", "Not my story.")).status())
        .isEqualTo(403);
    assertThat(oleg.post(desk + "/updates/" + hers + "/delete", Map.of()).status()).isEqualTo(403);
    assertThat(oleg.post(desk + "/start", Map.of()).status()).isEqualTo(403);

    // an editor's update is not the author's to delete
    editor.open(desk);
    long editors = updateId(post(editor, desk + "/updates", Map.of("text", "Police arrived.")));
    assertThat(lena.post(desk + "/updates/" + editors + "/delete", Map.of()).status())
        .isEqualTo(403);
    assertThat(lena.post(desk + "/updates/" + hers + "/delete", Map.of()).status()).isEqualTo(302);
  }

  /** The reader's endpoint, as the page's script asks it. */
  static final class LiveLinks {
    static String updates(long id) {
      return "/live/" + id + "/updates";
    }
  }
}
