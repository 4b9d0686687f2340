package org.samizdat.site.feeds;

/**
 * Atom 1.0 (RFC 4287): the feed's id is its own address, each entry's id the article's canonical
 * URL.
 */
final class AtomWriter {

  private AtomWriter() {}

  static byte[] write(Feed feed) {
    Xml xml =
        Xml.document()
            .start("feed")
            .defaultNamespace(Xml.ATOM)
            .lang(feed.language())
            .newline()
            .element("id", feed.atomUrl())
            .start("title")
            .attribute("type", "text")
            .text(feed.title())
            .end()
            .start("subtitle")
            .attribute("type", "text")
            .text(feed.description())
            .end()
            .element("updated", Xml.timestamp(feed.updated()))
            .empty("link", "rel", "self", "type", "application/atom+xml", "href", feed.atomUrl())
            .empty("link", "rel", "alternate", "type", "text/html", "href", feed.pageUrl())
            // Every entry names its authors; this only satisfies RFC 4287 for an entry that somehow
            // has none.
            .start("author")
            .element("name", feed.publisher())
            .end()
            .newline();
    for (Feed.Entry entry : feed.entries()) {
      xml.start("entry")
          .element("id", entry.url())
          .start("title")
          .attribute("type", "text")
          .text(entry.title())
          .end()
          .empty("link", "rel", "alternate", "type", "text/html", "href", entry.url())
          .element("published", Xml.timestamp(entry.published()))
          .element("updated", Xml.timestamp(entry.updated()));
      for (Feed.Person author : entry.authors()) {
        xml.start("author").element("name", author.name());
        if (author.url() != null) {
          xml.element("uri", author.url());
        }
        xml.end();
      }
      for (String category : entry.categories()) {
        xml.empty("category", "term", category);
      }
      if (entry.summary() != null && !entry.summary().isBlank()) {
        xml.start("summary").attribute("type", "text").text(entry.summary()).end();
      }
      xml.start("content")
          .attribute("type", "html")
          .text(entry.contentHtml())
          .end()
          .end()
          .newline();
    }
    return xml.end().finish();
  }
}
