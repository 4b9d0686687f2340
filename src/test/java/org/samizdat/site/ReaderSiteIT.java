package org.samizdat.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every reader page type over HTTP, with the rules readers and search engines rely on. */
class ReaderSiteIT extends IntegrationTest {

  static final ZoneId UTC = ZoneId.of("UTC");
  static final Actor EDITOR = new Actor(0, "Test editor");

  @Autowired Publishing publishing;
  @Autowired Articles articles;
  @Autowired Taxonomy taxonomy;
  @Autowired Readership readership;

  String u;
  long author;
  long section;
  long otherSection;

  @BeforeEach
  void setUp() {
    u = UUID.randomUUID().toString().substring(0, 8);
    author = taxonomy.createAuthor("Reporter " + u, "reporter-" + u, "Covers the courts " + u);
    section = taxonomy.createSection("sec-" + u, "Courts " + u, "Суды " + u, 50);
    otherSection = taxonomy.createSection("other-" + u, "Other " + u, "Другое " + u, 51);
  }

  long publish(
      String language,
      String headline,
      long sectionId,
      List<String> tags,
      Long translationOf,
      Instant at) {
    long id =
        publishing.create(
            new ArticleDraft(
                language,
                "",
                headline,
                "Standfirst of " + headline,
                "Body of " + headline,
                sectionId,
                tags,
                List.of(author),
                null,
                "",
                "",
                translationOf),
            EDITOR);
    if (at == null) {
      publishing.publishNow(id, EDITOR);
    } else {
      publishing.publishBackdated(id, at, EDITOR);
    }
    return id;
  }

  String path(long id) {
    return articles.get(id).path(UTC);
  }

  @Test
  void anArticlePageHasBylineLinksTagsDatesAndMetadata() {
    long id =
        publish(
            "en",
            "Judge " + u + " rules </script><b>",
            section,
            List.of("courts " + u),
            null,
            null);
    Response r = client().get(path(id));
    Document doc = r.html();
    assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(doc.select("article h1").text()).isEqualTo("Judge " + u + " rules </script><b>");
    assertThat(doc.select(".byline a.author").attr("href")).isEqualTo("/author/reporter-" + u);
    assertThat(doc.select(".tags a").attr("href")).isEqualTo("/tag/courts-" + u);
    assertThat(doc.select(".kicker a").attr("href")).isEqualTo("/section/sec-" + u);
    assertThat(doc.select("link[rel=canonical]").attr("href"))
        .isEqualTo("http://localhost:8080" + path(id));
    assertThat(doc.select("meta[property=og:title]").attr("content"))
        .isEqualTo("Judge " + u + " rules </script><b>");
    assertThat(doc.select("meta[property=og:type]").attr("content")).isEqualTo("article");
    assertThat(doc.select("link[rel=alternate][type=application/rss+xml]")).isNotEmpty();

    Element ld = doc.selectFirst("script[type=application/ld+json]");
    assertThat(ld.data()).doesNotContain("</script>");
    JsonNode json = JsonMapper.builder().build().readTree(ld.data());
    assertThat(json.get("@type").asString()).isEqualTo("NewsArticle");
    assertThat(json.get("headline").asString()).isEqualTo("Judge " + u + " rules </script><b>");
    assertThat(json.get("author").get(0).get("name").asString()).isEqualTo("Reporter " + u);
    assertThat(json.get("datePublished").asString()).isNotEmpty();
  }

  @Test
  void datesAndInterfaceFollowTheArticlesLanguage() {
    Instant at = Instant.parse("2026-03-15T10:00:00Z");
    long id = publish("ru", "Суд " + u, section, List.of("суды"), null, at);
    Document doc = client().get(path(id)).html();
    assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("ru");
    assertThat(doc.select(".byline time").first().text()).isEqualTo("15 марта 2026, 10:00");
    assertThat(doc.select(".byline .by").text()).isEqualTo("Авторы:");
    assertThat(doc.select(".kicker a").text()).isEqualTo("Суды " + u);
    assertThat(doc.select(".tags a").attr("href")).startsWith("/ru/tag/");
  }

  @Test
  void translationsLinkToEachOtherWithHreflangBothWays() {
    long en = publish("en", "Flood " + u, section, List.of(), null, null);
    long ru = publish("ru", "Наводнение " + u, section, List.of(), en, null);
    Document enDoc = client().get(path(en)).html();
    Document ruDoc = client().get(path(ru)).html();
    assertThat(enDoc.select("link[rel=alternate][hreflang=ru]").attr("href")).endsWith(path(ru));
    assertThat(enDoc.select("link[rel=alternate][hreflang=en]").attr("href")).endsWith(path(en));
    assertThat(ruDoc.select("link[rel=alternate][hreflang=en]").attr("href")).endsWith(path(en));
    assertThat(enDoc.select("a.lang-switch").attr("href")).isEqualTo(path(ru));
    assertThat(ruDoc.select("a.lang-switch").attr("href")).isEqualTo(path(en));
    assertThat(enDoc.select(".translation a").text()).contains("Наводнение " + u);
  }

  @Test
  void readMoreOffersRelatedLiveArticlesNeverItselfNorUnpublishedOnes() {
    String tag = "tag " + u;
    Instant base = Instant.now().minus(10, ChronoUnit.DAYS);
    long main = publish("en", "Main " + u, section, List.of(tag), null, base);
    long sameTag1 =
        publish(
            "en",
            "Same tag one " + u,
            otherSection,
            List.of(tag),
            null,
            base.minus(5, ChronoUnit.DAYS));
    long sameTag2 =
        publish(
            "en",
            "Same tag two " + u,
            otherSection,
            List.of(tag),
            null,
            base.minus(6, ChronoUnit.DAYS));
    long withdrawn =
        publish(
            "en", "Withdrawn " + u, section, List.of(tag), null, base.minus(1, ChronoUnit.DAYS));
    publishing.unpublish(withdrawn, EDITOR);
    long russian =
        publish("ru", "Русский " + u, section, List.of(tag), null, base.minus(1, ChronoUnit.DAYS));

    Document doc = client().get(path(main)).html();
    List<String> readMore = doc.select(".read-more h3 a").eachText();
    assertThat(readMore).hasSizeBetween(3, 6);
    assertThat(readMore.subList(0, 2)).containsExactly("Same tag one " + u, "Same tag two " + u);
    assertThat(readMore).doesNotContain("Main " + u, "Withdrawn " + u, "Русский " + u);
    assertThat(sameTag1 + sameTag2 + russian).isPositive();
  }

  @Test
  void sectionTagAndAuthorPagesListOnlyTheirArticlesInTheirEdition() {
    long inSection = publish("en", "In section " + u, section, List.of("topic " + u), null, null);
    publish("en", "Elsewhere " + u, otherSection, List.of(), null, null);
    publish("ru", "По-русски " + u, section, List.of(), null, null);

    Document sectionPage = client().get("/section/sec-" + u).html();
    assertThat(sectionPage.select("h1").text()).isEqualTo("Courts " + u);
    assertThat(sectionPage.select(".story h2 a").eachText()).containsExactly("In section " + u);
    assertThat(client().get("/ru/section/sec-" + u).html().select(".story h2 a").eachText())
        .containsExactly("По-русски " + u);

    Document tagPage = client().get("/tag/topic-" + u).html();
    assertThat(tagPage.select(".story h2 a").eachText()).containsExactly("In section " + u);

    Document authorPage = client().get("/author/reporter-" + u).html();
    assertThat(authorPage.select("h1").text()).isEqualTo("Reporter " + u);
    assertThat(authorPage.select(".intro").text()).isEqualTo("Covers the courts " + u);
    assertThat(authorPage.select(".story h2 a").eachText())
        .contains("In section " + u, "Elsewhere " + u);
    assertThat(inSection).isPositive();

    assertThat(client().get("/section/no-such-" + u).status()).isEqualTo(404);
    assertThat(client().get("/tag/no-such-" + u).status()).isEqualTo(404);
    assertThat(client().get("/author/no-such-" + u).status()).isEqualTo(404);
    assertThat(client().get("/section/sec-" + u + "?page=0").status()).isEqualTo(404);
    assertThat(client().get("/section/sec-" + u + "?page=abc").status()).isEqualTo(404);
    assertThat(client().get("/section/sec-" + u + "?page=99").status()).isEqualTo(404);
  }

  @Test
  void listsPaginateNewestFirst() {
    List<String> headlines = new ArrayList<>();
    Instant base = Instant.now().minus(30, ChronoUnit.DAYS);
    for (int i = 0; i < 14; i++) {
      headlines.add("Paged " + i + " " + u);
      publish("en", headlines.get(i), section, List.of(), null, base.plus(i, ChronoUnit.HOURS));
    }
    Document first = client().get("/section/sec-" + u).html();
    assertThat(first.select(".story h2 a").eachText())
        .hasSize(12)
        .first()
        .isEqualTo("Paged 13 " + u);
    assertThat(first.select(".pager a[rel=next]").attr("href"))
        .isEqualTo("/section/sec-" + u + "?page=2");
    Document second = client().get("/section/sec-" + u + "?page=2").html();
    assertThat(second.select(".story h2 a").eachText())
        .containsExactly("Paged 1 " + u, "Paged 0 " + u);
    assertThat(second.select(".pager a[rel=prev]").attr("href")).isEqualTo("/section/sec-" + u);
  }

  @Test
  void eachEditionsFrontPageShowsItsOwnLanguage() {
    long en = publish("en", "Front EN " + u, section, List.of(), null, null);
    long ru = publish("ru", "Главная RU " + u, section, List.of(), null, null);
    Document home = client().get("/").html();
    Document ruHome = client().get("/ru/").html();
    assertThat(home.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(ruHome.selectFirst("html").attr("lang")).isEqualTo("ru");
    assertThat(home.text()).contains("Front EN " + u).doesNotContain("Главная RU " + u);
    assertThat(ruHome.text()).contains("Главная RU " + u).doesNotContain("Front EN " + u);
    assertThat(home.select("a.lang-switch").attr("href")).isEqualTo("/ru/");
    assertThat(ruHome.select("nav.sections-nav").text()).contains("Суды " + u);
    assertThat(client().get("/ru").status()).isEqualTo(302);
    assertThat(en + ru).isPositive();
  }

  @Test
  void pagesAreLightSelfContainedAndCookieFree() {
    long id = publish("en", "Light " + u, section, List.of("weight"), null, null);
    for (String p :
        List.of(
            "/",
            "/ru/",
            path(id),
            "/section/sec-" + u,
            "/about",
            "/ru/about",
            "/author/reporter-" + u)) {
      Response r = client().get(p);
      assertThat(r.status()).as(p).isEqualTo(200);
      assertThat(r.header("Set-Cookie")).as(p).isNull();
      assertThat(r.header("Cache-Control")).as(p).startsWith("public, max-age=60");
      Document doc = r.html();
      assertThat(doc.select("link[rel=icon]").attr("href")).as(p).isEqualTo("/favicon.svg");
      for (Element e : doc.select("[src], link[rel=stylesheet], link[rel=icon], script")) {
        String src = e.hasAttr("src") ? e.attr("src") : e.attr("href");
        if (!src.isEmpty()) {
          assertThat(src).as(p + " loads " + src).startsWith("/");
        }
      }
      assertThat(doc.select("img:not([alt])")).as(p + " images without alt").isEmpty();
    }
    int html = client().get(path(id)).bytes().length;
    int css = client().get("/css/site.css").bytes().length;
    int js = client().get("/js/site.js").bytes().length;
    assertThat(html + css + js).as("article page weight without images").isLessThan(60 * 1024);
    // the icon browsers ask for on every first visit is a file, not a rendered 404 page
    Response svg = client().get("/favicon.svg");
    assertThat(svg.status()).isEqualTo(200);
    assertThat(svg.header("Content-Type")).startsWith("image/svg+xml");
    Response ico = client().get("/favicon.ico");
    assertThat(ico.status()).isEqualTo(200);
    assertThat(ico.bytes()).startsWith(0, 0, 1, 0);
  }

  @Test
  void articleViewsAreCountedAsAnAggregateNumber() {
    long id = publish("en", "Counted " + u, section, List.of(), null, null);
    long before = readership.views(id);
    client().get(path(id));
    client().get(path(id));
    assertThat(readership.views(id)).isEqualTo(before + 2);
    for (int i = 0; i < 500; i++) {
      readership.recordView(id);
    }
    assertThat(admin().get("/newsroom/articles").html().select(".most-read li").text())
        .as("the newsroom's most-read list")
        .contains("Counted " + u)
        .contains("views");
  }
}
