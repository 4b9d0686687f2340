package org.samizdat.site.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact RSS and Atom we write, against golden files: a change to the markup shows up in review.
 */
class FeedWritersTests {

  static final Feed FEED =
      new Feed(
          "Courier — World",
          "Independent journalism & more",
          "en",
          "https://news.example/section/world",
          "https://news.example/section/world/feed.rss",
          "https://news.example/section/world/feed.atom",
          "Courier",
          Instant.parse("2024-03-05T09:30:00Z"),
          List.of(
              new Feed.Entry(
                  "https://news.example/2024/03/05/vote",
                  "Vote counted <again> & \"certified\"",
                  "The count is in.",
                  "<figure><img src=\"https://news.example/media/a-960.jpg\" alt=\"\"></figure><p>Full text.</p>",
                  List.of(
                      new Feed.Person("Anna Writer", "https://news.example/author/anna-writer"),
                      new Feed.Person("Boris Writer", "https://news.example/author/boris-writer")),
                  List.of("Elections", "Courts & law"),
                  Instant.parse("2024-03-05T08:00:00Z"),
                  Instant.parse("2024-03-05T09:30:00Z")),
              new Feed.Entry(
                  "https://news.example/2024/03/04/quiet",
                  "A quiet day",
                  "",
                  "<p>Nothing.</p>",
                  List.of(
                      new Feed.Person("Anna Writer", "https://news.example/author/anna-writer")),
                  List.of(),
                  Instant.parse("2024-03-04T18:05:09Z"),
                  Instant.parse("2024-03-04T18:05:09Z"))));

  @Test
  void rssMatchesTheGoldenFile() {
    assertThat(new String(RssWriter.write(FEED), StandardCharsets.UTF_8))
        .isEqualTo(golden("section.rss"));
  }

  @Test
  void atomMatchesTheGoldenFile() {
    assertThat(new String(AtomWriter.write(FEED), StandardCharsets.UTF_8))
        .isEqualTo(golden("section.atom"));
  }

  @Test
  void anEmptyFeedIsStillAValidFeed() {
    Feed empty =
        new Feed(
            "Courier",
            "Tagline",
            "ru",
            "https://news.example/ru/",
            "https://news.example/ru/feed.rss",
            "https://news.example/ru/feed.atom",
            "Courier",
            Instant.parse("2024-03-05T09:30:00Z"),
            List.of());
    assertThat(
            XmlDocuments.values(XmlDocuments.parse(RssWriter.write(empty)), "/rss/channel/title"))
        .containsExactly("Courier");
    assertThat(XmlDocuments.values(XmlDocuments.parse(AtomWriter.write(empty)), "/a:feed/a:id"))
        .containsExactly("https://news.example/ru/feed.atom");
  }

  private static String golden(String name) {
    try (InputStream in = FeedWritersTests.class.getResourceAsStream("/feeds/golden/" + name)) {
      assertThat(in).as("golden file feeds/golden/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
