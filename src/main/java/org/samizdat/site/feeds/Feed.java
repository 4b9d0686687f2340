package org.samizdat.site.feeds;

import java.time.Instant;
import java.util.List;

/**
 * One feed, everything in it already resolved to text and absolute URLs, so the RSS and Atom
 * writers only decide the markup.
 *
 * @param pageUrl the HTML page this feed follows (the edition's home, a section, a tag)
 * @param rssUrl this feed as RSS, absolute
 * @param atomUrl this feed as Atom, absolute; also the Atom feed's id
 * @param updated when the newest entry last changed
 */
record Feed(
    String title,
    String description,
    String language,
    String pageUrl,
    String rssUrl,
    String atomUrl,
    String publisher,
    Instant updated,
    List<Entry> entries) {

  /**
   * @param url the article's canonical address: its link, RSS guid and Atom id
   * @param summary the standfirst, plain text
   * @param contentHtml the full article as HTML with absolute links, hero image first
   */
  record Entry(
      String url,
      String title,
      String summary,
      String contentHtml,
      List<Person> authors,
      List<String> categories,
      Instant published,
      Instant updated) {}

  /**
   * @param url the author's page, absolute; null when they have none (a live update's reporter)
   */
  record Person(String name, String url) {}
}
