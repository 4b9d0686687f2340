package org.samizdat.site.feeds;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RSS 2.0 with the extensions every reader understands: {@code content:encoded} for the full text,
 * {@code dc:creator} for bylines (RSS's own {@code author} wants an e-mail address) and {@code
 * atom:link rel=self} so a reader knows the feed's own address.
 */
final class RssWriter {

  private RssWriter() {}

  static byte[] write(Feed feed) {
    Xml xml =
        Xml.document()
            .start("rss")
            .attribute("version", "2.0")
            .namespace("atom", Xml.ATOM)
            .namespace("content", Xml.CONTENT)
            .namespace("dc", Xml.DC)
            .newline()
            .start("channel")
            .newline()
            .element("title", feed.title())
            .element("link", feed.pageUrl())
            .element("description", feed.description())
            .element("language", feed.language())
            .element("lastBuildDate", rfc822(feed.updated()))
            .emptyPrefixed(
                "atom",
                Xml.ATOM,
                "link",
                "href",
                feed.rssUrl(),
                "rel",
                "self",
                "type",
                "application/rss+xml")
            .newline();
    for (Feed.Entry entry : feed.entries()) {
      xml.start("item")
          .element("title", entry.title())
          .element("link", entry.url())
          .start("guid")
          .attribute("isPermaLink", "true")
          .text(entry.url())
          .end()
          .element("pubDate", rfc822(entry.published()));
      for (Feed.Person author : entry.authors()) {
        xml.element("dc", Xml.DC, "creator", author.name());
      }
      for (String category : entry.categories()) {
        xml.element("category", category);
      }
      if (entry.summary() != null && !entry.summary().isBlank()) {
        xml.element("description", entry.summary());
      }
      xml.element("content", Xml.CONTENT, "encoded", entry.contentHtml()).end().newline();
    }
    return xml.end().newline().end().finish();
  }

  /**
   * RFC 822 as RSS 2.0 asks (four-digit year), always in GMT and English whatever the server's
   * locale.
   */
  static String rfc822(Instant instant) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }
}
