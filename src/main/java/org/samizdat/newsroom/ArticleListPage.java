package org.samizdat.newsroom;

import java.util.List;
import org.samizdat.publishing.ArticleStatus;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.Page;
import org.samizdat.publishing.Section;

public record ArticleListPage(
    Page<ArticleSummary> articles,
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

  /** One line of the "most read this week" panel: an aggregate count, nothing about readers. */
  public record MostRead(long id, String headline, String language, long views) {}
}
