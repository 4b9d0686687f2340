package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Image;
import org.springframework.http.MediaType;
import org.w3c.dom.Document;

/** RSS and Atom as feed readers get them: read by a real feed parser, and as namespaced XML. */
class FeedsIT extends FeedTest {

  @Test
  void aJustPublishedArticleIsInBothFeedsInFullWithAbsoluteLinksAuthorsAndTags() {
    long anna = newsroom.author("Anna Writer");
    long boris = newsroom.author("Boris Writer");
    Image photo = newsroom.photo("Protesters outside the court");
    String headline = "Court frees blogger " + u;
    long id =
        newsroom
            .story("en", headline)
            .standfirst("The standfirst " + u)
            .body(
                "First paragraph "
                    + u
                    + ".\n\nSee [other ways to read us](/about) and [the note](#note).\n\n"
                    + "## Background\n\nMore text.")
            .by(anna, boris)
            .tags("Courts " + u, "Media freedom " + u)
            .hero(photo, "Outside the court", "Photo: Staff")
            .publish();
    String url = url(id);

    SyndFeed rss = rome(ok("/feed.rss").bytes());
    assertThat(rss.getFeedType()).isEqualTo("rss_2.0");
    assertThat(rss.getLink()).isEqualTo(site.absolute("/"));
    SyndEntry item = entry(rss, url);
    assertThat(item.getTitle()).isEqualTo(headline);
    assertThat(item.getUri()).as("guid").isEqualTo(url);
    assertThat(item.getDescription().getValue()).isEqualTo("The standfirst " + u);
    assertThat(((DCModule) item.getModule(DCModule.URI)).getCreators())
        .containsExactly("Anna Writer " + u, "Boris Writer " + u);
    assertThat(item.getCategories())
        .extracting(SyndCategory::getName)
        .containsExactlyInAnyOrder("Courts " + u, "Media freedom " + u);
    assertThat(item.getPublishedDate()).isNotNull();
    assertFullText(item.getContents().get(0).getValue(), url, photo);

    SyndFeed atom = rome(ok("/feed.atom").bytes());
    assertThat(atom.getFeedType()).isEqualTo("atom_1.0");
    assertThat(atom.getUri()).isEqualTo(site.absolute("/feed.atom"));
    SyndEntry entry = entry(atom, url);
    assertThat(entry.getTitle()).isEqualTo(headline);
    assertThat(entry.getUri()).as("id").isEqualTo(url);
    assertThat(entry.getDescription().getValue()).isEqualTo("The standfirst " + u);
    assertThat(entry.getAuthors())
        .extracting(SyndPerson::getName)
        .containsExactly("Anna Writer " + u, "Boris Writer " + u);
    assertThat(entry.getAuthors())
        .extracting(SyndPerson::getUri)
        .allSatisfy(uri -> assertThat(uri).startsWith(site.absolute("/author/")));
    assertThat(entry.getCategories())
        .extracting(SyndCategory::getName)
        .containsExactlyInAnyOrder("Courts " + u, "Media freedom " + u);
    assertThat(entry.getPublishedDate()).isNotNull();
    assertThat(entry.getUpdatedDate()).isNotNull();
    assertThat(entry.getContents().get(0).getType()).isEqualTo("html");
    assertFullText(entry.getContents().get(0).getValue(), url, photo);
  }

  @Test
  void anEditedArticleArrivesWithItsNewTextAndCaptionInEveryFeedFormat() {
    Image photo = newsroom.photo("Before the edit");
    long id =
        newsroom
            .story("en", "Edited in the feed " + u)
            .body("The first version " + u + ".")
            .hero(photo, "First caption " + u, "Photo: Staff")
            .publish();
    String url = url(id);
    for (String feed : List.of("/feed.rss", "/feed.atom", "/feed.json")) {
      assertThat(ok(feed).body())
          .as(feed)
          .contains("The first version " + u)
          .contains("First caption " + u);
    }

    org.samizdat.publishing.Article before = articles.get(id);
    publishing.update(
        id,
        before.version(),
        new org.samizdat.publishing.ArticleDraft(
            "en",
            before.slug(),
            before.headline(),
            before.standfirst(),
            "The second version " + u + ".",
            null,
            List.of(),
            List.of(before.authors().get(0).id()),
            photo.id(),
            "Second caption " + u,
            "Photo: Staff",
            null),
        Newsroom.EDITOR);

    // each feed's content is kept per article text, picture and caption: a changed one is new
    for (String feed : List.of("/feed.rss", "/feed.atom", "/feed.json")) {
      assertThat(ok(feed).body())
          .as(feed)
          .contains("The second version " + u)
          .contains("Second caption " + u)
          .doesNotContain("The first version " + u)
          .doesNotContain("First caption " + u);
    }
    assertThat(links(rome(ok("/feed.rss").bytes()))).contains(url);
  }

  @Test
  void anUnpublishedArticleLeavesEveryFeed() {
    long section = newsroom.section("politics");
    long id =
        newsroom
            .story("en", "Soon withdrawn " + u)
            .section(section)
            .tags("Withdrawn " + u)
            .publish();
    String url = url(id);
    String[] feeds = {
      "/feed.rss",
      "/feed.atom",
      "/section/politics-" + u + "/feed.rss",
      "/tag/withdrawn-" + u + "/feed.atom"
    };
    for (String feed : feeds) {
      assertThat(links(rome(ok(feed).bytes()))).as(feed).contains(url);
    }

    publishing.unpublish(id, Newsroom.EDITOR);

    for (String feed : List.of(feeds).subList(0, 3)) {
      assertThat(links(rome(ok(feed).bytes()))).as(feed).doesNotContain(url);
    }
    // its tag now has nothing live, so its feed is gone too
    assertThat(client().get(feeds[3]).status()).isEqualTo(404);
  }

  @Test
  void markupInAHeadlineArrivesAsTheTextTheEditorTyped() {
    String headline = "Minister: <script>alert('x')</script> & \"quotes\" <b>" + u + "</b>";
    String standfirst = "Less than < and more than > & an ampersand & \"double\" 'single'";
    String url = url(newsroom.story("en", headline).standfirst(standfirst).publish());

    byte[] rssBytes = ok("/feed.rss").bytes();
    byte[] atomBytes = ok("/feed.atom").bytes();
    for (byte[] bytes : List.of(rssBytes, atomBytes)) {
      assertThat(new String(bytes, StandardCharsets.UTF_8))
          .doesNotContain("<script>")
          .doesNotContain("<b>" + u);
      SyndEntry entry = entry(rome(bytes), url);
      assertThat(entry.getTitle()).isEqualTo(headline);
      assertThat(entry.getDescription().getValue()).isEqualTo(standfirst);
    }
    assertThat(
            XmlDocuments.value(
                XmlDocuments.parse(rssBytes), "/rss/channel/item[link='" + url + "']/title"))
        .isEqualTo(headline);
    assertThat(
            XmlDocuments.value(
                XmlDocuments.parse(atomBytes), "/a:feed/a:entry[a:id='" + url + "']/a:title"))
        .isEqualTo(headline);
  }

  @Test
  void sectionAndTagFeedsCarryOnlyTheirOwnArticlesInTheirEdition() {
    long world = newsroom.section("world");
    long sport = newsroom.section("sport");
    String englishWorld =
        url(
            newsroom
                .story("en", "World story " + u)
                .section(world)
                .tags("Elections " + u)
                .publish());
    String englishSport =
        url(
            newsroom
                .story("en", "Sport story " + u)
                .section(sport)
                .tags("Football " + u)
                .publish());
    String russianWorld =
        url(
            newsroom
                .story("ru", "Новость о мире " + u)
                .section(world)
                .tags("Выборы " + u)
                .publish());

    SyndFeed worldEn = rome(ok("/section/world-" + u + "/feed.rss").bytes());
    assertThat(links(worldEn)).containsExactly(englishWorld);
    assertThat(worldEn.getTitle()).endsWith("Section world " + u);
    assertThat(worldEn.getLanguage()).isEqualTo("en");
    assertThat(links(rome(ok("/section/world-" + u + "/feed.atom").bytes())))
        .containsExactly(englishWorld);
    assertThat(links(rome(ok("/section/sport-" + u + "/feed.atom").bytes())))
        .containsExactly(englishSport);

    SyndFeed worldRu = rome(ok("/ru/section/world-" + u + "/feed.atom").bytes());
    assertThat(links(worldRu)).containsExactly(russianWorld);
    assertThat(worldRu.getTitle()).endsWith("Раздел world " + u);
    assertThat(links(rome(ok("/ru/section/sport-" + u + "/feed.rss").bytes()))).isEmpty();

    assertThat(links(rome(ok("/tag/elections-" + u + "/feed.rss").bytes())))
        .containsExactly(englishWorld);
    assertThat(links(rome(ok("/tag/football-" + u + "/feed.atom").bytes())))
        .containsExactly(englishSport);
    assertThat(links(rome(ok("/ru/tag/vybory-" + u + "/feed.rss").bytes())))
        .containsExactly(russianWorld);
    assertThat(links(rome(ok("/ru/tag/vybory-" + u + "/feed.atom").bytes())))
        .containsExactly(russianWorld);

    // the editions' own feeds are split by language too
    assertThat(links(rome(ok("/ru/feed.rss").bytes())))
        .contains(russianWorld)
        .doesNotContain(englishWorld, englishSport);
    assertThat(links(rome(ok("/feed.atom").bytes())))
        .contains(englishWorld, englishSport)
        .doesNotContain(russianWorld);
  }

  @Test
  void anUnknownSectionOrTagIsNotFoundAndSoIsATagOnlyDraftsCarry() {
    newsroom.story("en", "Secret draft " + u).tags("Secret " + u).draft();
    for (String path :
        List.of(
            "/tag/no-such-tag-" + u + "/feed.rss",
            "/ru/tag/no-such-tag-" + u + "/feed.atom",
            "/section/no-such-section-" + u + "/feed.rss",
            "/ru/section/no-such-section-" + u + "/feed.atom",
            "/tag/secret-" + u + "/feed.rss",
            "/tag/secret-" + u + "/feed.atom")) {
      Response r = client().get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).doesNotContain("Secret draft");
    }
    // tags belong to one language: the English tag is not in the Russian edition
    newsroom.story("en", "Tagged " + u).tags("Only English " + u).publish();
    assertThat(client().get("/tag/only-english-" + u + "/feed.rss").status()).isEqualTo(200);
    assertThat(client().get("/ru/tag/only-english-" + u + "/feed.rss").status()).isEqualTo(404);
  }

  @Test
  void everyEditionFeedIsWellFormedNamespacedXmlWithPublicCachingAndNoCookie() {
    newsroom.story("en", "Well formed " + u).publish();
    newsroom.story("ru", "Правильный XML " + u).publish();
    Map<String, String> editions =
        Map.of("/feed.rss", "en", "/feed.atom", "en", "/ru/feed.rss", "ru", "/ru/feed.atom", "ru");
    editions.forEach(
        (path, language) -> {
          Response r = ok(path);
          boolean atom = path.endsWith(".atom");
          MediaType type = MediaType.parseMediaType(r.header("Content-Type"));
          assertThat(type.getType() + "/" + type.getSubtype())
              .as(path)
              .isEqualTo(atom ? "application/atom+xml" : "application/rss+xml");
          assertThat(type.getCharset()).as(path).isEqualTo(StandardCharsets.UTF_8);
          assertThat(r.header("Cache-Control"))
              .as(path)
              .isEqualTo("public, max-age=300, stale-while-revalidate=600, stale-if-error=86400");
          assertThat(r.header("Set-Cookie")).as(path).isNull();
          assertThat(r.header("Surrogate-Key")).as(path).isEqualTo("feeds-" + language);

          Document doc = XmlDocuments.parse(r.bytes());
          if (atom) {
            assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(Xml.ATOM);
            assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("feed");
            assertThat(XmlDocuments.value(doc, "/a:feed/@xml:lang")).isEqualTo(language);
            assertThat(XmlDocuments.value(doc, "/a:feed/a:link[@rel='self']/@href"))
                .isEqualTo(site.absolute(path));
            assertThat(XmlDocuments.value(doc, "/a:feed/a:link[@rel='alternate']/@href"))
                .isEqualTo(site.absolute(language.equals("ru") ? "/ru/" : "/"));
            assertThat(XmlDocuments.value(doc, "/a:feed/a:updated"))
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
            assertThat(XmlDocuments.values(doc, "/a:feed/a:entry/a:content[@type='html']"))
                .isNotEmpty();
          } else {
            assertThat(doc.getDocumentElement().getNamespaceURI()).isNull();
            assertThat(XmlDocuments.value(doc, "/rss/@version")).isEqualTo("2.0");
            assertThat(XmlDocuments.value(doc, "/rss/channel/language")).isEqualTo(language);
            assertThat(XmlDocuments.value(doc, "/rss/channel/a:link[@rel='self']/@href"))
                .isEqualTo(site.absolute(path));
            assertThat(XmlDocuments.value(doc, "/rss/channel/lastBuildDate"))
                .matches("[A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            assertThat(XmlDocuments.values(doc, "/rss/channel/item/content:encoded")).isNotEmpty();
            assertThat(XmlDocuments.values(doc, "/rss/channel/item/guid[@isPermaLink='true']"))
                .isNotEmpty();
          }
        });
  }

  @Test
  void aFeedReaderPollingWithItsETagGetsNotModifiedUntilSomethingIsPublished() {
    newsroom.story("en", "Before polling " + u).publish();
    Response first = ok("/feed.atom");
    String etag = first.header("ETag");
    assertThat(etag).isNotBlank();

    Response again = client().get("/feed.atom", Map.of("If-None-Match", etag));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.bytes()).isEmpty();

    newsroom.story("en", "After polling " + u).publish();
    Response changed = client().get("/feed.atom", Map.of("If-None-Match", etag));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.body()).contains("After polling " + u);
  }

  private void assertFullText(String html, String articleUrl, Image photo) {
    org.jsoup.nodes.Document content = Jsoup.parseBodyFragment(html);
    assertThat(content.text()).contains("First paragraph " + u, "Background", "More text.");
    assertThat(content.select("h2").text()).isEqualTo("Background");
    Element hero = content.body().child(0);
    assertThat(hero.tagName()).isEqualTo("figure");
    assertThat(hero.selectFirst("img").attr("src")).isEqualTo(site.absolute(photo.src()));
    assertThat(hero.selectFirst("img").attr("alt")).isEqualTo("Protesters outside the court");
    assertThat(hero.select("figcaption").text()).isEqualTo("Outside the court Photo: Staff");
    assertThat(content.select("a").eachAttr("href"))
        .containsExactly(site.absolute("/about"), articleUrl + "#note");
    for (Element linked : content.select("[href], [src]")) {
      assertThat(linked.hasAttr("href") ? linked.attr("href") : linked.attr("src"))
          .startsWith(site.absolute("/"));
    }
  }

  private String url(long id) {
    return site.absolute(articles.get(id).path(platform.timeZone()));
  }

  private Response ok(String path) {
    Response r = client().get(path);
    assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
    return r;
  }

  private static SyndFeed rome(byte[] bytes) {
    try {
      return new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(bytes)));
    } catch (FeedException | IOException e) {
      throw new AssertionError("A feed reader cannot read this: " + e.getMessage(), e);
    }
  }

  private static List<String> links(SyndFeed feed) {
    return feed.getEntries().stream().map(SyndEntry::getLink).toList();
  }

  private static SyndEntry entry(SyndFeed feed, String url) {
    return feed.getEntries().stream()
        .filter(e -> url.equals(e.getLink()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(url + " is not in the feed; it has " + links(feed)));
  }
}
