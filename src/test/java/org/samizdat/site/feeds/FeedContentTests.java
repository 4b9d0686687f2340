package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleStatus;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.Language;

class FeedContentTests {

  static final String ROOT = "https://news.example";
  static final String URL = ROOT + "/2024/01/02/story";

  @Test
  void everyAddressInTheBodyBecomesAbsoluteAndTheHeroImageComesFirst() {
    Image hero = new Image(1, "abc", "image/jpeg", 1600, 900, List.of(480, 960, 1600), "A \"quoted\" <alt>");
    String body = "<p>See <a href=\"/about\">about</a>, <a href=\"#n1\">note</a>, "
        + "<a href=\"https://other.example/x\" rel=\"noopener noreferrer\">elsewhere</a> "
        + "and <a href=\"mailto:desk@news.example\">write</a>.</p><p><img src=\"/media/def-480.jpg\" alt=\"chart\"></p>";

    String html = FeedContent.html(article(body, hero, "Caption & more", "Credit <AP>"), URL, ROOT);

    assertThat(html).startsWith("<figure><img src=\"https://news.example/media/abc-960.jpg\" alt=\"A &quot;quoted&quot; &lt;alt&gt;\">"
        + "<figcaption>Caption &amp; more <small>Credit &lt;AP&gt;</small></figcaption></figure>");
    assertThat(html).contains("href=\"https://news.example/about\"", "href=\"" + URL + "#n1\"",
        "href=\"https://other.example/x\"", "href=\"mailto:desk@news.example\"",
        "src=\"https://news.example/media/def-480.jpg\"");
  }

  @Test
  void withoutAHeroImageOrCaptionOnlyTheBodyIsThere() {
    assertThat(FeedContent.html(article("<p>Just text</p>", null, "", ""), URL, ROOT)).isEqualTo("<p>Just text</p>");
    Image hero = new Image(1, "abc", "image/png", 300, 200, List.of(300), "");
    assertThat(FeedContent.html(article("<p>x</p>", hero, "", ""), URL, ROOT))
        .isEqualTo("<figure><img src=\"https://news.example/media/abc-300.png\" alt=\"\"></figure><p>x</p>");
  }

  static Article article(String bodyHtml, Image hero, String caption, String credit) {
    Instant at = Instant.parse("2024-01-02T10:00:00Z");
    return new Article(1, Language.EN, "story", "Headline", "Standfirst", "", bodyHtml, null, List.of(), List.of(),
        hero, caption, credit, ArticleStatus.PUBLISHED, null, at, at, at, null, null, null, 1);
  }
}
