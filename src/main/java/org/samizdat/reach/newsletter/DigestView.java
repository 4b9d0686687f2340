package org.samizdat.reach.newsletter;

import java.util.List;

/**
 * One issue as its HTML e-mail shows it (reach/newsletter-digest.jte). Every link is the plain
 * address of the page on the main site or a mirror: nothing is rewritten, counted or loaded.
 */
public record DigestView(
    String lang,
    String subject,
    String siteName,
    String homeUrl,
    String heading,
    List<Item> items,
    String moreText,
    String moreUrl,
    String mirrorsIntro,
    List<String> mirrors,
    String why,
    String unsubscribeText,
    String unsubscribeLabel,
    String unsubscribeUrl) {

  /**
   * @param badge "LIVE" for a live page with new updates, else null
   * @param updates a live page's newest updates, newest first (empty for other articles)
   */
  public record Item(
      String headline, String standfirst, String url, String badge, List<Line> updates) {

    /** An article that is not a live page. */
    public Item(String headline, String standfirst, String url) {
      this(headline, standfirst, url, null, List.of());
    }
  }

  /** One live update: when, its first words, and its anchor on the page. */
  public record Line(String time, String text, String url) {}
}
