package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.Image;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON Feed 1.1 as a feed reader gets it, checked against what the specification requires. */
class JsonFeedIT extends FeedTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String CACHE_CONTROL =
      "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400";

  @Test
  void theEditionFeedIsJsonFeed11WithFullTextImageAuthorsTagsAndDates() {
    long anna = newsroom.author("Anna Writer");
    long boris = newsroom.author("Boris Writer");
    Image photo = newsroom.photo("Protesters outside the court");
    String headline = "Court frees blogger " + u + " <b>& \"friends\"</b>";
    long id =
        newsroom
            .story("en", headline)
            .standfirst("The standfirst " + u)
            .body(
                "First paragraph "
                    + u
                    + ".\n\nSee [other ways to read us](/about) and [the note](#note).")
            .by(anna, boris)
            .tags("Courts " + u, "Media freedom " + u)
            .hero(photo, "Outside the court", "Photo: Staff")
            .publish();
    Article article = articles.get(id);
    String url = site.absolute(article.path(platform.timeZone()));

    Response r = ok("/feed.json");
    assertThat(r.header("Content-Type")).isEqualTo("application/feed+json");
    assertThat(r.header("Cache-Control")).isEqualTo(CACHE_CONTROL);
    assertThat(r.header("Surrogate-Key")).isEqualTo("feeds-en");
    assertThat(r.header("Set-Cookie")).isNull();
    JsonNode feed = requiredFieldsPresent(r);
    assertThat(feed.get("title").asString()).isEqualTo(platform.name());
    assertThat(feed.get("home_page_url").asString()).isEqualTo(site.absolute("/"));
    assertThat(feed.get("feed_url").asString()).isEqualTo(site.absolute("/feed.json"));
    assertThat(feed.get("language").asString()).isEqualTo("en");
    assertThat(feed.get("authors").get(0).get("name").asString()).isEqualTo(platform.name());

    JsonNode item = item(feed, url);
    assertThat(item.get("id").asString()).isEqualTo(url);
    assertThat(item.get("title").asString()).isEqualTo(headline);
    assertThat(item.get("summary").asString()).isEqualTo("The standfirst " + u);
    assertThat(item.get("image").asString()).isEqualTo(site.absolute(photo.src()));
    assertThat(item.get("language").asString()).isEqualTo("en");
    assertThat(item.get("authors"))
        .extracting(a -> a.get("name").asString())
        .containsExactly("Anna Writer " + u, "Boris Writer " + u);
    assertThat(item.get("authors"))
        .extracting(a -> a.get("url").asString())
        .allSatisfy(a -> assertThat(a).startsWith(site.absolute("/author/")));
    assertThat(item.get("tags"))
        .extracting(JsonNode::asString)
        .containsExactlyInAnyOrder("Courts " + u, "Media freedom " + u);
    OffsetDateTime published = OffsetDateTime.parse(item.get("date_published").asString());
    assertThat(published.toInstant())
        .isEqualTo(article.publishedAt().truncatedTo(ChronoUnit.SECONDS));
    assertThat(OffsetDateTime.parse(item.get("date_modified").asString()))
        .isAfterOrEqualTo(published);

    org.jsoup.nodes.Document content = Jsoup.parseBodyFragment(item.get("content_html").asString());
    assertThat(content.text()).contains("First paragraph " + u);
    Element hero = content.body().child(0);
    assertThat(hero.tagName()).isEqualTo("figure");
    assertThat(hero.selectFirst("img").attr("src")).isEqualTo(site.absolute(photo.src()));
    assertThat(content.select("a").eachAttr("href"))
        .containsExactly(site.absolute("/about"), url + "#note");
  }

  @Test
  void editionsSectionsAndTagsEachHaveTheirFeedAndUnknownOnesAreNotFound() {
    long world = newsroom.section("world");
    String english =
        url(
            newsroom
                .story("en", "World story " + u)
                .section(world)
                .tags("Elections " + u)
                .publish());
    String russian =
        url(
            newsroom
                .story("ru", "Новость о мире " + u)
                .section(world)
                .tags("Выборы " + u)
                .publish());

    JsonNode ru = requiredFieldsPresent(ok("/ru/feed.json"));
    assertThat(ru.get("language").asString()).isEqualTo("ru");
    assertThat(ru.get("home_page_url").asString()).isEqualTo(site.absolute("/ru/"));
    assertThat(urls(ru)).contains(russian).doesNotContain(english);
    assertThat(item(ru, russian).get("language").asString()).isEqualTo("ru");
    assertThat(urls(requiredFieldsPresent(ok("/feed.json"))))
        .contains(english)
        .doesNotContain(russian);

    Response ruSection = ok("/ru/section/world-" + u + "/feed.json");
    assertThat(ruSection.header("Surrogate-Key")).isEqualTo("feeds-ru");
    JsonNode section = requiredFieldsPresent(ruSection);
    assertThat(section.get("title").asString()).isEqualTo(platform.name() + " — Раздел world " + u);
    assertThat(section.get("feed_url").asString())
        .isEqualTo(site.absolute("/ru/section/world-" + u + "/feed.json"));
    assertThat(urls(section)).containsExactly(russian);
    assertThat(urls(requiredFieldsPresent(ok("/section/world-" + u + "/feed.json"))))
        .containsExactly(english);
    assertThat(urls(requiredFieldsPresent(ok("/tag/elections-" + u + "/feed.json"))))
        .containsExactly(english);
    assertThat(urls(requiredFieldsPresent(ok("/ru/tag/vybory-" + u + "/feed.json"))))
        .containsExactly(russian);

    newsroom.story("en", "Secret draft " + u).tags("Secret " + u).draft();
    for (String path :
        List.of(
            "/tag/no-such-tag-" + u + "/feed.json",
            "/section/no-such-section-" + u + "/feed.json",
            "/ru/tag/elections-" + u + "/feed.json",
            "/tag/secret-" + u + "/feed.json")) {
      Response r = client().get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain("Secret draft");
    }
  }

  @Test
  void aPollingReaderGetsNotModifiedUntilSomethingIsPublishedAndThenTheNewArticle() {
    newsroom.story("en", "Before polling " + u).publish();
    Response first = ok("/feed.json");
    String etag = first.header("ETag");
    assertThat(etag).isNotBlank();
    Response again = client().get("/feed.json", Map.of("If-None-Match", etag));
    assertThat(again.status()).isEqualTo(304);

    String after = url(newsroom.story("en", "After polling " + u).publish());
    Response changed = client().get("/feed.json", Map.of("If-None-Match", etag));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(urls(requiredFieldsPresent(changed))).contains(after);
  }

  /**
   * What JSON Feed 1.1 requires: version, title, items; each item an id (a string) and content_html
   * or content_text; and where present, URLs absolute and dates in RFC 3339.
   */
  private JsonNode requiredFieldsPresent(Response r) {
    JsonNode feed = JSON.readTree(r.bytes());
    assertThat(feed.get("version").asString()).isEqualTo("https://jsonfeed.org/version/1.1");
    assertThat(feed.get("title").isString()).isTrue();
    assertThat(feed.get("title").asString()).isNotBlank();
    assertThat(feed.get("items").isArray()).isTrue();
    assertThat(feed.get("home_page_url").asString()).startsWith(site.absolute("/"));
    assertThat(feed.get("feed_url").asString()).startsWith(site.absolute("/"));
    for (JsonNode item : feed.get("items")) {
      assertThat(item.get("id").isString()).as(item.toString()).isTrue();
      assertThat(item.get("id").asString()).isNotBlank();
      assertThat(item.get("url").asString()).startsWith(site.absolute("/"));
      assertThat(item.get("content_html").isString()).isTrue();
      assertThat(item.has("content_text")).isFalse();
      OffsetDateTime.parse(item.get("date_published").asString());
      OffsetDateTime.parse(item.get("date_modified").asString());
      if (item.has("image")) {
        assertThat(item.get("image").asString()).startsWith(site.absolute("/media/"));
      }
      // JSON Feed 1.1 replaced "author" with "authors"
      assertThat(item.has("author")).isFalse();
    }
    return feed;
  }

  private static JsonNode item(JsonNode feed, String url) {
    for (JsonNode item : feed.get("items")) {
      if (url.equals(item.get("url").asString())) {
        return item;
      }
    }
    throw new AssertionError(url + " is not in the feed; it has " + urls(feed));
  }

  private static List<String> urls(JsonNode feed) {
    List<String> urls = new ArrayList<>();
    feed.get("items").forEach(i -> urls.add(i.get("url").asString()));
    return urls;
  }

  private String url(long id) {
    return site.absolute(articles.get(id).path(platform.timeZone()));
  }

  private Response ok(String path) {
    Response r = client().get(path);
    assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
    return r;
  }
}
