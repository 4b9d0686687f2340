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

  public record Item(String headline, String standfirst, String url) {}
}
