package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samizdat.OwnDataDirectory;
import org.samizdat.WebClient.Response;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.w3c.dom.Document;

/**
 * The article sitemap in parts (two articles a part here, a thousand by default), in a database of
 * its own so that every live article is this test's: parts oldest first without a gap or a repeat,
 * and the index giving each part the time it last changed, also after a withdrawal moved every
 * later article up a place and after a new article joined the last part.
 */
@ContextConfiguration(initializers = OwnDataDirectory.class)
@TestPropertySource(properties = "samizdat.site.sitemap-part-size=2")
class SitemapPartsIT extends FeedTest {

  @Test
  void
      partsFollowEachOtherOldestFirstAndTheIndexGivesEachItsLastChangeAfterAWithdrawalAndANewArticle() {
    Instant day = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ids.add(
          newsroom
              .story("en", "Part story " + i + " " + u)
              .publishAt(day.plus(Duration.ofDays(i))));
    }
    // Back-dated articles last changed when they were published: one day apart.
    assertThat(index())
        .containsExactly(
            "/sitemap-pages.xml -",
            "/sitemap-articles.xml " + Xml.timestamp(day.plus(Duration.ofDays(2))),
            "/sitemap-articles.xml?part=2 " + Xml.timestamp(day.plus(Duration.ofDays(4))),
            "/sitemap-articles.xml?part=3 " + Xml.timestamp(day.plus(Duration.ofDays(5))),
            "/sitemap-news.xml -");
    assertThat(part(1)).containsExactly(url(ids.get(0)), url(ids.get(1)));
    assertThat(part(2)).containsExactly(url(ids.get(2)), url(ids.get(3)));
    assertThat(part(3)).containsExactly(url(ids.get(4)));
    assertThat(client().get("/sitemap-articles.xml?part=4").status()).isEqualTo(404);

    // Withdrawing the second moves the third into part 1 and the fifth into part 2: both changed
    // then, although no article left in them did.
    Instant beforeWithdrawal = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    publishing.unpublish(ids.get(1), Newsroom.EDITOR);
    assertThat(part(1)).containsExactly(url(ids.get(0)), url(ids.get(2)));
    assertThat(part(2)).containsExactly(url(ids.get(3)), url(ids.get(4)));
    assertThat(client().get("/sitemap-articles.xml?part=3").status()).isEqualTo(404);
    List<String> afterWithdrawal = index();
    assertThat(afterWithdrawal).hasSize(4).noneMatch(line -> line.contains("part=3"));
    Instant part1 = lastmod(afterWithdrawal, "/sitemap-articles.xml ");
    Instant part2 = lastmod(afterWithdrawal, "/sitemap-articles.xml?part=2 ");
    assertThat(part1).isAfterOrEqualTo(beforeWithdrawal);
    assertThat(part2).isEqualTo(part1);

    // A new article joins the last part, which then changed when it was published.
    Instant beforePublishing = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long fresh = newsroom.story("en", "Part story 6 " + u).publish();
    assertThat(part(3)).containsExactly(url(fresh));
    List<String> afterPublishing = index();
    assertThat(lastmod(afterPublishing, "/sitemap-articles.xml ")).isEqualTo(part1);
    assertThat(lastmod(afterPublishing, "/sitemap-articles.xml?part=3 "))
        .isAfterOrEqualTo(beforePublishing);
  }

  /** Each sitemap the index lists: its path and lastmod ("-" when it has none). */
  private List<String> index() {
    Response r = ok("/sitemap.xml");
    XmlDocuments.validate(XmlDocuments.sitemapIndexSchema(), r.bytes());
    Document doc = XmlDocuments.parse(r.bytes());
    List<String> lines = new ArrayList<>();
    int n = XmlDocuments.values(doc, "/s:sitemapindex/s:sitemap").size();
    for (int i = 1; i <= n; i++) {
      String entry = "/s:sitemapindex/s:sitemap[" + i + "]";
      String loc = XmlDocuments.value(doc, entry + "/s:loc");
      List<String> lastmod = XmlDocuments.values(doc, entry + "/s:lastmod");
      lines.add(
          loc.substring(site.absolute("").length())
              + " "
              + (lastmod.isEmpty() ? "-" : lastmod.get(0)));
    }
    return lines;
  }

  private static Instant lastmod(List<String> index, String prefix) {
    return Instant.parse(
        index.stream()
            .filter(line -> line.startsWith(prefix))
            .findFirst()
            .orElseThrow()
            .substring(prefix.length()));
  }

  /** The addresses in one part, in order; each part valid against the schema. */
  private List<String> part(int part) {
    Response r = ok("/sitemap-articles.xml" + (part == 1 ? "" : "?part=" + part));
    XmlDocuments.validate(XmlDocuments.urlsetSchema(), r.bytes());
    return XmlDocuments.values(XmlDocuments.parse(r.bytes()), "/s:urlset/s:url/s:loc");
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
