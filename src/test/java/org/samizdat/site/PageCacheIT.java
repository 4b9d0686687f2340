package org.samizdat.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.samizdat.IntegrationTest;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Actor;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Articles;
import org.samizdat.publishing.Publishing;
import org.samizdat.publishing.Readership;
import org.samizdat.publishing.Taxonomy;
import org.springframework.beans.factory.annotation.Autowired;

/** Reader pages served from memory, and dropped exactly when what they show changes. */
class PageCacheIT extends IntegrationTest {

  static final Actor EDITOR = new Actor(0, "Cache test");

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired Readership readership;
  @Autowired io.micrometer.core.instrument.MeterRegistry meters;

  String u;
  long author;
  long section;

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
    author = taxonomy.createAuthor("Cached " + u, "cached-" + u, "");
    section = taxonomy.createSection("cache-" + u, "Cache " + u, "Кэш " + u, 70);
  }

  long publish(String headline) {
    return publish(headline, "en");
  }

  long publish(String headline, String language) {
    long id =
        publishing.create(
            new ArticleDraft(
                language,
                "",
                headline,
                "S",
                "Body",
                section,
                List.of("cache " + u),
                List.of(author),
                null,
                "",
                "",
                null),
            EDITOR);
    publishing.publishNow(id, EDITOR);
    // the set-up's and the publishing's notices come back before the test reads what is kept
    cacheNoticesHeardBack();
    return id;
  }

  String path(long id) {
    return articles.get(id).path(ZoneId.of("UTC"));
  }

  @Test
  void aSecondReaderGetsTheStoredPageWithTheSameHeadersAndA304WhenUnchanged() {
    long id = publish("Cached story " + u);
    // the Russian edition too: Content-Language is set through the response's locale, not as a
    // header, and must be stored all the same
    long russian = publish("Кэшированная статья " + u, "ru");
    Response second = null;
    // the English one last: what follows checks its hit
    for (long article : List.of(russian, id)) {
      // the first reader's browser asks for German: the page says the language it is in
      Response first = client().get(path(article), Map.of("Accept-Language", "de-DE,de;q=0.9"));
      second = client().get(path(article));
      assertThat(first.header("Content-Language")).isEqualTo(article == id ? "en" : "ru");
      assertThat(first.header("X-Page-Cache")).isEqualTo("miss");
      assertThat(second.header("X-Page-Cache")).isEqualTo("hit");
      assertThat(second.body()).isEqualTo(first.body());
      for (String h :
          List.of(
              "Content-Security-Policy",
              "X-Frame-Options",
              "Referrer-Policy",
              "Permissions-Policy",
              "X-Content-Type-Options",
              "Cache-Control",
              "Content-Type",
              "Content-Language",
              "Vary")) {
        assertThat(second.header(h)).as(h).isEqualTo(first.header(h)).isNotNull();
        assertThat(values(first, h)).as(h + " once on a miss").hasSize(1);
        assertThat(values(second, h)).as(h + " once on a hit").hasSize(1);
      }
    }
    assertThat(second.header("Surrogate-Key")).contains("article-" + id).contains("support");
    assertThat(second.header("Set-Cookie")).isNull();
    String etag = second.header("ETag");
    assertThat(etag).startsWith("\"");
    Response notModified = client().get(path(id), Map.of("If-None-Match", etag));
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.bytes()).isEmpty();
  }

  @Test
  void clientsThatTakeGzipGetTheStoredCompressedBytes() throws Exception {
    long id = publish("Compressed story " + u);
    String plain = client().get(path(id)).body();
    Response gz = client().get(path(id), Map.of("Accept-Encoding", "gzip"));
    assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gz.bytes().length).isLessThan(plain.length() / 2);
    String unzipped =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(gz.bytes())).readAllBytes(), "UTF-8");
    assertThat(unzipped).isEqualTo(plain);
  }

  @Test
  void scriptsAndStylesAreSentCompressedToClientsThatTakeGzip() throws Exception {
    for (String asset : new String[] {"/js/site.js", "/js/experiments.js", "/css/site.css"}) {
      String plain = client().get(asset).body();
      Response gz = client().get(asset, Map.of("Accept-Encoding", "gzip"));
      assertThat(gz.status()).as(asset).isEqualTo(200);
      assertThat(gz.header("Content-Encoding")).as(asset).isEqualTo("gzip");
      String unzipped =
          new String(
              new GZIPInputStream(new ByteArrayInputStream(gz.bytes())).readAllBytes(), "UTF-8");
      assertThat(unzipped).as(asset).isEqualTo(plain);
    }
  }

  @Test
  void editingAnArticleDropsItsPageAndTheListsThatShowIt() {
    long id = publish("Before edit " + u);
    String sectionPath = "/section/cache-" + u;
    client().get(path(id));
    client().get(sectionPath);
    assertThat(client().get(path(id)).header("X-Page-Cache")).isEqualTo("hit");
    assertThat(client().get(sectionPath).header("X-Page-Cache")).isEqualTo("hit");
    String unrelated = "/about";
    client().get(unrelated);
    assertThat(client().get(unrelated).header("X-Page-Cache")).isEqualTo("hit");

    var a = articles.get(id);
    publishing.update(
        id,
        a.version(),
        new ArticleDraft(
            "en",
            a.slug(),
            "After edit " + u,
            "S",
            "Body",
            section,
            List.of("cache " + u),
            List.of(author),
            null,
            "",
            "",
            null),
        EDITOR);

    Response page = client().get(path(id));
    assertThat(page.header("X-Page-Cache")).isEqualTo("miss");
    assertThat(page.html().select("h1").text()).isEqualTo("After edit " + u);
    assertThat(client().get(sectionPath).html().select(".story h2 a").text())
        .contains("After edit " + u);
    assertThat(client().get(unrelated).header("X-Page-Cache"))
        .as("a page not showing the article stays cached")
        .isEqualTo("hit");
  }

  @Test
  void unpublishingDropsThePageAtOnce() {
    long id = publish("Soon gone " + u);
    String p = path(id);
    client().get(p);
    assertThat(client().get(p).header("X-Page-Cache")).isEqualTo("hit");
    publishing.unpublish(id, EDITOR);
    assertThat(client().get(p).status()).isEqualTo(410);
  }

  @Test
  void viewsAreCountedForPagesServedFromTheCache() {
    long id = publish("Counted from cache " + u);
    long before = readership.views(id);
    for (int i = 0; i < 5; i++) {
      client().get(path(id));
    }
    assertThat(readership.views(id)).isEqualTo(before + 5);
  }

  @Test
  void newsroomAndSupportPagesAreNeverStored() {
    assertThat(client().get("/newsroom/login").header("X-Page-Cache")).isNull();
    assertThat(
            client()
                .get("/support/pay?frequency=monthly&amount=5&currency=USD")
                .header("X-Page-Cache"))
        .isNull();
  }

  @Test
  void aHitIsAnsweredAheadOfTheRequestObservationAndAMissGoesThroughIt() {
    long id = publish("Observed story " + u);
    String path = path(id);
    double before = observed();
    assertThat(client().get(path).header("X-Page-Cache")).isEqualTo("miss");
    // the observation is recorded as the request ends, a moment after the client has its answer
    await().atMost(Duration.ofSeconds(5)).until(() -> observed() > before);
    double afterMiss = observed();
    assertThat(afterMiss).as("a miss is rendered by the app and observed").isGreaterThan(before);
    for (int i = 0; i < 5; i++) {
      assertThat(client().get(path).header("X-Page-Cache")).isEqualTo("hit");
    }
    // a hit's observation would have been recorded well within this time
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(observed())
                    .as("hits are written before Boot's observation filter runs")
                    .isEqualTo(afterMiss));
  }

  private double observed() {
    return meters.find("http.server.requests").timers().stream().mapToDouble(t -> t.count()).sum();
  }

  private static List<String> values(Response response, String name) {
    return response.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .toList();
  }
}
