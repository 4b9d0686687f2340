package org.samizdat.site;

import java.time.ZoneId;
import org.samizdat.publishing.Article;

public record ArticlePage(String siteName, Article article, ZoneId zone) {
  public String published() {
    return ReaderDates.format(article.publishedAt(), article.language(), zone);
  }

  public String updated() {
    return ReaderDates.format(article.updatedAt(), article.language(), zone);
  }
}
