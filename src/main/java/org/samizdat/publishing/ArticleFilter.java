package org.samizdat.publishing;

import org.samizdat.platform.i18n.Language;

/**
 * Which articles a newsroom list shows. Null fields do not filter. {@code trash} lists only deleted
 * articles; otherwise deleted ones are hidden. {@code createdBy} limits to one staff member's
 * articles. {@code review} limits to drafts ready for review or sent back to their author.
 */
public record ArticleFilter(
    ArticleStatus status,
    Long sectionId,
    Long authorId,
    Language language,
    String text,
    boolean trash,
    Long createdBy,
    int page,
    int pageSize,
    Review.State review) {

  public ArticleFilter {
    page = Math.max(page, 1);
    pageSize = pageSize <= 0 ? 25 : Math.min(pageSize, 100);
  }

  /** Without a review filter. */
  public ArticleFilter(
      ArticleStatus status,
      Long sectionId,
      Long authorId,
      Language language,
      String text,
      boolean trash,
      Long createdBy,
      int page,
      int pageSize) {
    this(status, sectionId, authorId, language, text, trash, createdBy, page, pageSize, null);
  }
}
