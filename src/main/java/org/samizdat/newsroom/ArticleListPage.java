package org.samizdat.newsroom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.samizdat.platform.Keyset;
import org.samizdat.publishing.ArticleStatus;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.Section;

public record ArticleListPage(
    Keyset.Slice<ArticleSummary> articles,
    String status,
    Long sectionId,
    Long authorId,
    String language,
    String text,
    boolean trash,
    List<Section> sections,
    List<Author> authors,
    List<ArticleStatus> statuses,
    String queryWithoutPage,
    List<MostRead> mostRead,
    String review) {

  /**
   * Which stretch of time the page shows, newest first ("2026-12-04 10:00 to 2026-11-28 09:15"):
   * the list's order has no page numbers any more, its dates say where an editor is.
   */
  public String span() {
    List<ArticleSummary> items = articles.items();
    if (items.isEmpty()) {
      return "";
    }
    String first = Format.dateTime(when(items.get(0)));
    String last = Format.dateTime(when(items.get(items.size() - 1)));
    return first.equals(last) ? first : first + " to " + last;
  }

  /** The time the list orders an article by: published, else scheduled, else last edited. */
  public static java.time.Instant when(ArticleSummary a) {
    return a.publishedAt() != null
        ? a.publishedAt()
        : a.publishAt() != null ? a.publishAt() : a.updatedAt();
  }

  /** The newest page with these filters. */
  public String newestLink() {
    return "/newsroom/articles"
        + (queryWithoutPage.isEmpty() ? "" : "?" + queryWithoutPage.substring(1));
  }

  /** The oldest page with these filters. */
  public String oldestLink() {
    return "/newsroom/articles?oldest=true" + queryWithoutPage;
  }

  /** The articles just newer than this page's first. */
  public String newerLink() {
    return "/newsroom/articles?newer="
        + URLEncoder.encode(articles.newerKey(), StandardCharsets.UTF_8)
        + queryWithoutPage;
  }

  /** The articles just older than this page's last. */
  public String olderLink() {
    return "/newsroom/articles?older="
        + URLEncoder.encode(articles.olderKey(), StandardCharsets.UTF_8)
        + queryWithoutPage;
  }

  /** One line of the "most read this week" panel: an aggregate count, nothing about readers. */
  public record MostRead(long id, String headline, String language, long views) {}
}
