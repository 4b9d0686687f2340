package org.samizdat.site;

import java.time.ZoneId;
import java.util.List;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleSummary;

/**
 * An article's page.
 *
 * @param bodyHtml the article's text as readers get it (uploaded images as {@code <picture>})
 * @param live its live coverage, or null when it is not a live page
 */
public record ArticlePage(
    SiteChrome chrome,
    Article article,
    List<ArticleSummary> readMore,
    Article translation,
    String translationPath,
    ZoneId zone,
    String bodyHtml,
    LiveBlock live) {

  public String published() {
    return ReaderDates.format(article.publishedAt(), article.language(), zone);
  }

  public String updated() {
    return ReaderDates.format(article.updatedAt(), article.language(), zone);
  }
}
