package org.samizdat.newsroom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.samizdat.publishing.Page;
import org.samizdat.reach.newsletter.NewsletterAdmin.Counts;
import org.samizdat.reach.newsletter.NewsletterAdmin.SentIssue;
import org.samizdat.reach.newsletter.NewsletterAdmin.Subscriber;

/** The newsletter screen: the numbers, a page of subscribers matching a search, the last issues. */
public record NewsletterPage(
    Page<Subscriber> subscribers,
    String query,
    Counts counts,
    List<SentIssue> issues,
    String timeZone) {

  public String csvLink() {
    return "/newsroom/newsletter/subscribers.csv" + (query.isEmpty() ? "" : "?q=" + encoded());
  }

  public String pageLink(int page) {
    return "/newsroom/newsletter?page=" + page + (query.isEmpty() ? "" : "&q=" + encoded());
  }

  private String encoded() {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }
}
