package org.samizdat.site.feeds;

import java.time.Instant;
import java.util.List;

/**
 * One JSON Feed, everything resolved to text and absolute URLs. Apart from {@link Feed} because
 * JSON Feed also carries each item's image and language.
 *
 * @param homePageUrl the HTML page this feed follows
 * @param feedUrl this feed's own address
 */
record JsonFeed(
    String title,
    String description,
    String language,
    String homePageUrl,
    String feedUrl,
    String publisher,
    List<Item> items) {

  /**
   * @param url the article's canonical address, also its id
   * @param summary the standfirst, plain text
   * @param contentHtml the full article with absolute links, hero image first
   * @param image the hero image, absolute (on the feed media address when one is set); null when
   *     there is none
   */
  record Item(
      String url,
      String title,
      String summary,
      String contentHtml,
      String image,
      List<Feed.Person> authors,
      List<String> tags,
      String language,
      Instant published,
      Instant modified) {}
}
