package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samizdat.WebClient.Response;
import org.w3c.dom.Document;

/**
 * What search engines read: robots.txt, the sitemap index and the three sitemaps, each checked
 * against its schema.
 */
class SitemapsIT extends FeedTest {

  static final String W3C_DATETIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";

  @Test
  void theIndexPointsToThePagesArticlesAndNewsSitemapsAndEachIsValidAgainstTheSchema() {
    long section = newsroom.section("valid");
    long english =
        newsroom.story("en", "Valid sitemaps " + u).section(section).tags("Schema " + u).publish();
    newsroom.story("ru", "Проверка карты сайта " + u).translationOf(english).publish();

    Response index = ok("/sitemap.xml");
    XmlDocuments.validate(XmlDocuments.sitemapIndexSchema(), index.bytes());
    List<String> sitemaps =
        XmlDocuments.values(XmlDocuments.parse(index.bytes()), "/s:sitemapindex/s:sitemap/s:loc");
    assertThat(sitemaps)
        .containsExactly(
            site.absolute("/sitemap-pages.xml"),
            site.absolute("/sitemap-articles.xml"),
            site.absolute("/sitemap-news.xml"));

    for (String sitemap : sitemaps) {
      Response r = ok(sitemap.substring(site.absolute("").length()));
      XmlDocuments.validate(XmlDocuments.urlsetSchema(), r.bytes());
      assertThat(XmlDocuments.values(XmlDocuments.parse(r.bytes()), "/s:urlset/s:url/s:loc"))
          .as(sitemap)
          .isNotEmpty();
    }
  }

  @Test
  void sitemapsAreCacheableXmlWithoutACookie() {
    newsroom.story("en", "Cacheable sitemaps " + u).publish();
    for (String path :
        List.of(
            "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-pages.xml", "/sitemap-news.xml")) {
      Response r = ok(path);
      assertThat(r.header("Content-Type")).as(path).startsWith("application/xml");
      assertThat(r.header("Cache-Control"))
          .as(path)
          .isEqualTo("public, max-age=300, stale-while-revalidate=600, stale-if-error=86400");
      assertThat(r.header("Set-Cookie")).as(path).isNull();
      assertThat(r.header("Surrogate-Key")).as(path).isEqualTo("sitemap");
    }
    assertThat(client().get("/sitemap-articles.xml?part=2").status()).isEqualTo(404);
  }

  @Test
  void theArticleSitemapListsLiveArticlesOfBothEditionsAndPairsEachWithItsTranslation() {
    long english = newsroom.story("en", "Paired story " + u).publish();
    long russian = newsroom.story("ru", "Парная статья " + u).translationOf(english).publish();
    long alone = newsroom.story("en", "Untranslated story " + u).publish();
    long withdrawn = newsroom.story("en", "Withdrawn story " + u).publish();
    publishing.unpublish(withdrawn, Newsroom.EDITOR);
    long untranslatedDraft =
        newsroom.story("ru", "Черновик перевода " + u).translationOf(alone).draft();
    String en = url(english);
    String ru = url(russian);
    String solo = url(alone);

    Response r = ok("/sitemap-articles.xml");
    XmlDocuments.validate(XmlDocuments.urlsetSchema(), r.bytes());
    Document doc = XmlDocuments.parse(r.bytes());
    assertThat(XmlDocuments.values(doc, "/s:urlset/s:url/s:loc"))
        .contains(en, ru, solo)
        .doesNotContain(url(withdrawn))
        .doesNotHaveDuplicates();

    assertThat(alternates(doc, en)).containsExactly("en " + en, "ru " + ru);
    assertThat(alternates(doc, ru)).containsExactly("ru " + ru, "en " + en);
    assertThat(alternates(doc, solo))
        .as("its translation %d is only a draft", untranslatedDraft)
        .isEmpty();
    for (String loc : List.of(en, ru, solo)) {
      assertThat(XmlDocuments.value(doc, "/s:urlset/s:url[s:loc='" + loc + "']/s:lastmod"))
          .matches(W3C_DATETIME);
    }
  }

  @Test
  void thePagesSitemapListsFrontsSectionsTagsAndBylinesThatReadersCanSeeButNotSearch() {
    long section = newsroom.section("culture");
    long writer = newsroom.author("Published Writer");
    long silent = newsroom.author("Unpublished Writer");
    newsroom
        .story("en", "Culture story " + u)
        .section(section)
        .by(writer)
        .tags("Theatre " + u)
        .publish();
    newsroom
        .story("en", "Culture draft " + u)
        .section(section)
        .by(silent)
        .tags("Embargoed " + u)
        .draft();
    String writerSlug = taxonomy.author(writer).orElseThrow().slug();
    String silentSlug = taxonomy.author(silent).orElseThrow().slug();

    Response r = ok("/sitemap-pages.xml");
    XmlDocuments.validate(XmlDocuments.urlsetSchema(), r.bytes());
    Document doc = XmlDocuments.parse(r.bytes());
    List<String> locs = XmlDocuments.values(doc, "/s:urlset/s:url/s:loc");
    assertThat(locs)
        .contains(
            site.absolute("/"),
            site.absolute("/ru/"),
            site.absolute("/section/culture-" + u),
            site.absolute("/ru/section/culture-" + u),
            site.absolute("/tag/theatre-" + u),
            site.absolute("/author/" + writerSlug),
            site.absolute("/ru/author/" + writerSlug),
            site.absolute("/about"),
            site.absolute("/ru/about"));
    assertThat(locs)
        .doesNotContain(
            site.absolute("/tag/embargoed-" + u),
            site.absolute("/author/" + silentSlug),
            site.absolute("/ru/author/" + silentSlug));
    // the search page itself, in either edition (other tests may well name a section "search-...")
    assertThat(locs)
        .noneMatch(
            loc -> loc.substring(site.absolute("").length()).matches("(/ru)?/search([?/#].*)?"));
    assertThat(locs).doesNotHaveDuplicates();

    String culture = site.absolute("/section/culture-" + u);
    assertThat(alternates(doc, culture))
        .containsExactly("en " + culture, "ru " + site.absolute("/ru/section/culture-" + u));
    assertThat(XmlDocuments.value(doc, "/s:urlset/s:url[s:loc='" + culture + "']/s:lastmod"))
        .matches(W3C_DATETIME);
  }

  @Test
  void theNewsSitemapHasWhatWasPublishedInTheLastTwoDaysAndNothingOlder() {
    String freshHeadline = "Breaking: vote counted & \"certified\" " + u;
    String fresh = url(newsroom.story("en", freshHeadline).publish());
    String russian = url(newsroom.story("ru", "Срочно: итоги " + u).publish());
    String old =
        url(
            newsroom
                .story("en", "Three days old " + u)
                .publishAt(Instant.now().minus(Duration.ofDays(3))));

    Response r = ok("/sitemap-news.xml");
    XmlDocuments.validate(XmlDocuments.urlsetSchema(), r.bytes());
    Document doc = XmlDocuments.parse(r.bytes());
    assertThat(XmlDocuments.values(doc, "/s:urlset/s:url/s:loc"))
        .contains(fresh, russian)
        .doesNotContain(old);

    String news = "/s:urlset/s:url[s:loc='" + fresh + "']/n:news";
    assertThat(XmlDocuments.value(doc, news + "/n:publication/n:name")).isEqualTo(platform.name());
    assertThat(XmlDocuments.value(doc, news + "/n:publication/n:language")).isEqualTo("en");
    assertThat(XmlDocuments.value(doc, news + "/n:title")).isEqualTo(freshHeadline);
    assertThat(XmlDocuments.value(doc, news + "/n:publication_date")).matches(W3C_DATETIME);
    assertThat(
            XmlDocuments.value(
                doc, "/s:urlset/s:url[s:loc='" + russian + "']/n:news/n:publication/n:language"))
        .isEqualTo("ru");

    // the old one is still in the full article sitemap
    assertThat(
            XmlDocuments.values(
                XmlDocuments.parse(ok("/sitemap-articles.xml").bytes()), "/s:urlset/s:url/s:loc"))
        .contains(old, fresh);
  }

  @Test
  void robotsTxtNamesTheSitemapAndKeepsCrawlersOutOfTheNewsroomAndSearch() {
    Response r = ok("/robots.txt");
    assertThat(r.header("Content-Type")).startsWith("text/plain");
    assertThat(r.header("Set-Cookie")).isNull();
    List<String> lines = r.body().lines().toList();
    assertThat(lines).startsWith("User-agent: *");
    assertThat(lines)
        .contains(
            "Disallow: /newsroom/",
            "Disallow: /search",
            "Disallow: /ru/search",
            "Sitemap: " + site.absolute("/sitemap.xml"));
    assertThat(lines).noneMatch(line -> line.equals("Disallow: /") || line.equals("Disallow:"));
    // robots that take the first matching rule must meet the Disallow lines before "Allow: /"
    assertThat(lines.indexOf("Disallow: /newsroom/")).isLessThan(lines.indexOf("Allow: /"));
  }

  /** The hreflang alternates of one URL, as "language href". */
  private static List<String> alternates(Document doc, String loc) {
    String link = "/s:urlset/s:url[s:loc='" + loc + "']/x:link[@rel='alternate']";
    List<String> languages = XmlDocuments.values(doc, link + "/@hreflang");
    List<String> hrefs = XmlDocuments.values(doc, link + "/@href");
    return java.util.stream.IntStream.range(0, languages.size())
        .mapToObj(i -> languages.get(i) + " " + hrefs.get(i))
        .toList();
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
