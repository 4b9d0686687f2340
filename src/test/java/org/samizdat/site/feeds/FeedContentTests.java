package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.samizdat.platform.i18n.Language;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleStatus;
import org.samizdat.publishing.Image;

class FeedContentTests {

  static final String ROOT = "https://news.example";
  static final String URL = ROOT + "/2024/01/02/story";
  static final String MIRROR = "https://mirror.example.net";

  @Test
  void everyAddressInTheBodyBecomesAbsoluteAndTheHeroImageComesFirst() {
    Image hero =
        new Image(1, "abc", "image/jpeg", 1600, 900, List.of(480, 960, 1600), "A \"quoted\" <alt>");
    String body =
        "<p>See <a href=\"/about\">about</a>, <a href=\"#n1\">note</a>, "
            + "<a href=\"https://other.example/x\" rel=\"noopener noreferrer\">elsewhere</a> "
            + "and <a href=\"mailto:desk@news.example\">write</a>.</p><p><img src=\"/media/def-480.jpg\" alt=\"chart\"></p>";

    String html =
        FeedContent.html(article(body, hero, "Caption & more", "Credit <AP>"), URL, ROOT, ROOT);

    assertThat(html)
        .startsWith(
            "<figure><img src=\"https://news.example/media/abc-960.jpg\" alt=\"A &quot;quoted&quot; &lt;alt&gt;\">"
                + "<figcaption>Caption &amp; more <small>Credit &lt;AP&gt;</small></figcaption></figure>");
    assertThat(html)
        .contains(
            "href=\"https://news.example/about\"",
            "href=\"" + URL + "#n1\"",
            "href=\"https://other.example/x\"",
            "href=\"mailto:desk@news.example\"",
            "src=\"https://news.example/media/def-480.jpg\"");
  }

  @Test
  void withoutAHeroImageOrCaptionOnlyTheBodyIsThere() {
    assertThat(FeedContent.html(article("<p>Just text</p>", null, "", ""), URL, ROOT, ROOT))
        .isEqualTo("<p>Just text</p>");
    Image hero = new Image(1, "abc", "image/png", 300, 200, List.of(300), "");
    assertThat(FeedContent.html(article("<p>x</p>", hero, "", ""), URL, ROOT, ROOT))
        .isEqualTo(
            "<figure><img src=\"https://news.example/media/abc-300.png\" alt=\"\"></figure><p>x</p>");
  }

  @Test
  void
      withAFeedMediaAddressEveryImageOfTheSitesMediaComesFromTheMirrorAndLinksStayOnTheMainDomain() {
    Image hero = new Image(1, "abc", "image/jpeg", 1600, 900, List.of(480, 960, 1600), "Hero");
    String body =
        "<p><img src=\"/media/def-480.jpg\" alt=\"relative\">"
            + "<img src=\"https://NEWS.example/media/ghi-960.png\" alt=\"absolute, any letter case in the host\">"
            + "<img src=\"https://other.example/media/x.jpg\" alt=\"someone else's\">"
            + "<img src=\"https://news.example.evil/media/y.jpg\" alt=\"a look-alike host\">"
            + "<img src=\"/static/logo.png\" alt=\"not stored media\">"
            + "<img src=\"def-960.jpg\" srcset=\"/media/def-480.jpg 480w,/media/def-960.jpg  960w, https://other.example/z.jpg 2x\""
            + " alt=\"relative to the article, with a srcset\"></p>"
            + "<picture><source srcset=\"/media/jkl-480.jpg\"><img src=\"/media/jkl-960.jpg\" alt=\"\"></picture>"
            + "<p><a href=\"/media/def-1600.jpg\">full size</a> and <a href=\"/about\">about</a></p>";

    String html = FeedContent.html(article(body, hero, "", ""), URL, ROOT, MIRROR);

    Document doc = Jsoup.parseBodyFragment(html);
    assertThat(doc.select("img").eachAttr("src"))
        .containsExactly(
            MIRROR + "/media/abc-960.jpg",
            MIRROR + "/media/def-480.jpg",
            MIRROR + "/media/ghi-960.png",
            "https://other.example/media/x.jpg",
            "https://news.example.evil/media/y.jpg",
            ROOT + "/static/logo.png",
            ROOT + "/2024/01/02/def-960.jpg",
            MIRROR + "/media/jkl-960.jpg");
    assertThat(doc.select("img[srcset]").attr("srcset"))
        .isEqualTo(
            MIRROR
                + "/media/def-480.jpg 480w, "
                + MIRROR
                + "/media/def-960.jpg 960w, https://other.example/z.jpg 2x");
    assertThat(doc.select("source").attr("srcset")).isEqualTo(MIRROR + "/media/jkl-480.jpg");
    assertThat(doc.select("a").eachAttr("href"))
        .as("links stay on the main domain")
        .containsExactly(ROOT + "/media/def-1600.jpg", ROOT + "/about");
  }

  @Test
  void aMirrorUnderAPathKeepsItsPathAndWithoutOneTheMainDomainServesTheImages() {
    String body = "<p><img src=\"/media/def-480.jpg\" alt=\"\"></p>";
    assertThat(
            FeedContent.html(
                article(body, null, "", ""), URL, ROOT, "https://example.github.io/courier"))
        .isEqualTo(
            "<p><img src=\"https://example.github.io/courier/media/def-480.jpg\" alt=\"\"></p>");
    assertThat(FeedContent.html(article(body, null, "", ""), URL, ROOT, ROOT))
        .isEqualTo("<p><img src=\"https://news.example/media/def-480.jpg\" alt=\"\"></p>");
    assertThat(FeedContent.media(ROOT + "/mediafile.jpg", ROOT, MIRROR))
        .as("only the /media/ folder")
        .isEqualTo(ROOT + "/mediafile.jpg");
  }

  static Article article(String bodyHtml, Image hero, String caption, String credit) {
    Instant at = Instant.parse("2024-01-02T10:00:00Z");
    return new Article(
        1,
        Language.EN,
        "story",
        "Headline",
        "Standfirst",
        "",
        bodyHtml,
        null,
        List.of(),
        List.of(),
        hero,
        caption,
        credit,
        ArticleStatus.PUBLISHED,
        null,
        at,
        at,
        at,
        null,
        null,
        null,
        1);
  }
}
