package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samizdat.SharedOtherSettings;
import org.samizdat.WebClient.Response;
import org.samizdat.publishing.Image;
import org.samizdat.reach.export.ExportReport;
import org.samizdat.reach.export.StaticExport;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RSS, Atom and JSON Feed with samizdat.site.feed-media-url set: every stored image comes from the
 * mirror, every link still leads to the main domain, and the site's own pages are as they were. The
 * property (as an operator might type it: the trailing slash is dropped) puts this class in the
 * second shared context ({@link SharedOtherSettings}).
 */
@SharedOtherSettings
class FeedImagesFromAMirrorIT extends FeedTest {

  static final String MIRROR = SharedOtherSettings.FEED_MEDIA_URL;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired StaticExport export;

  @TempDir Path out;

  @Test
  void everyFeedTakesTheSitesImagesFromTheMirrorAndKeepsItsLinksOnTheMainDomain() {
    Image hero = newsroom.photo("Protesters outside the court");
    Image chart = newsroom.photo("A chart of arrests");
    String chartPath = chart.url(chart.widths().get(0));
    String headline = "Court frees blogger " + u;
    long id =
        newsroom
            .story("en", headline)
            .body(
                "First paragraph "
                    + u
                    + ".\n\n![A chart of arrests]("
                    + chartPath
                    + ")\n\n"
                    + "See [the chart in full]("
                    + chartPath
                    + "), [other ways to read us](/about) and [the note](#note).")
            .hero(hero, "Outside the court", "Photo: Staff")
            .publish();
    String url = site.absolute(articles.get(id).path(platform.timeZone()));
    assertThat(site.feedMediaUrl()).isEqualTo(MIRROR);

    for (String feed : new String[] {"/feed.rss", "/feed.atom"}) {
      SyndEntry entry = entry(rome(ok(feed).bytes()), url);
      assertThat(entry.getLink()).as(feed).isEqualTo(url);
      assertImagesOnTheMirror(
          feed, entry.getContents().get(0).getValue(), url, hero, chart, chartPath);
    }

    JsonNode item = item(JSON.readTree(ok("/feed.json").bytes()), url);
    assertThat(item.get("url").asString()).isEqualTo(url);
    assertThat(item.get("image").asString()).isEqualTo(MIRROR + hero.src());
    assertImagesOnTheMirror(
        "/feed.json", item.get("content_html").asString(), url, hero, chart, chartPath);

    // the article page itself loads its images from the site, as before
    Document page = ok(articles.get(id).path(platform.timeZone())).html();
    assertThat(page.select("img[src]").eachAttr("src"))
        .isNotEmpty()
        .allSatisfy(src -> assertThat(src).startsWith("/media/"));
    assertThat(page.html()).doesNotContain("mirror.example.net/media");
  }

  @Test
  void theStaticCopyCarriesTheFeedsWithTheirMirrorImagesAndPassesItsHostCheck() throws IOException {
    Image hero = newsroom.photo("A press printing copies " + u);
    long id = newsroom.story("en", "Copies travel " + u).hero(hero, "The press", "").publish();

    ExportReport report = export.export(out);

    assertThat(report.foreign()).as("references to other hosts").isEmpty();
    assertThat(report.errors()).isEmpty();
    assertThat(report.ok()).as(report.summary()).isTrue();
    String url = site.absolute(articles.get(id).path(platform.timeZone()));
    JsonNode copied =
        item(
            JSON.readTree(Files.readString(out.resolve("feed.json"), StandardCharsets.UTF_8)), url);
    assertThat(copied.get("image").asString()).isEqualTo(MIRROR + hero.src());
    assertThat(Files.readString(out.resolve("feed.rss"), StandardCharsets.UTF_8))
        .contains(MIRROR + hero.src());
  }

  private void assertImagesOnTheMirror(
      String feed, String html, String articleUrl, Image hero, Image chart, String chartPath) {
    Document content = Jsoup.parseBodyFragment(html);
    assertThat(content.text()).as(feed).contains("First paragraph " + u);
    Element figure = content.body().child(0);
    assertThat(figure.tagName()).as(feed).isEqualTo("figure");
    assertThat(content.select("img").eachAttr("src"))
        .as(feed + ": images")
        .containsExactly(MIRROR + hero.src(), MIRROR + chart.src());
    // an image in the text offers every stored width, each one from the mirror
    assertThat(content.select("img[srcset]")).as(feed + ": srcset").isNotEmpty();
    for (Element img : content.select("img[srcset]")) {
      for (String candidate : img.attr("srcset").split(",")) {
        assertThat(candidate.strip()).as(feed + ": srcset").startsWith(MIRROR + "/media/");
      }
    }
    assertThat(content.select("img[src=" + MIRROR + chart.src() + "]").attr("srcset"))
        .as(feed + ": the chart's widths")
        .contains(MIRROR + chartPath + " " + chart.widths().get(0) + "w");
    assertThat(content.select("a").eachAttr("href"))
        .as(feed + ": links")
        .containsExactly(site.absolute(chartPath), site.absolute("/about"), articleUrl + "#note");
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

  private static SyndEntry entry(SyndFeed feed, String url) {
    return feed.getEntries().stream()
        .filter(e -> url.equals(e.getLink()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(url + " is not in the feed"));
  }

  private static JsonNode item(JsonNode feed, String url) {
    for (JsonNode item : feed.get("items")) {
      if (url.equals(item.get("url").asString())) {
        return item;
      }
    }
    throw new AssertionError(url + " is not in the feed");
  }
}
