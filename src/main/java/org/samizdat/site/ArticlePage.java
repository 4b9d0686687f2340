package org.samizdat.site;

import java.time.ZoneId;
import java.util.List;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleSummary;

public record ArticlePage(
    SiteChrome chrome,
    Article article,
    List<ArticleSummary> readMore,
    Article translation,
    String translationPath,
    ZoneId zone) {

  public String published() {
    return ReaderDates.format(article.publishedAt(), article.language(), zone);
  }

  public String updated() {
    return ReaderDates.format(article.updatedAt(), article.language(), zone);
  }
}
