package org.samizdat.publishing;

import java.time.Instant;
import java.util.List;
import org.samizdat.platform.i18n.Language;

/** A snapshot of an article taken at one save. */
public record Revision(
    long articleId,
    int number,
    Language language,
    String slug,
    String headline,
    String standfirst,
    String bodyMarkdown,
    Long sectionId,
    List<String> tagNames,
    List<Long> authorIds,
    Long heroImageId,
    String heroCaption,
    String heroCredit,
    ArticleStatus status,
    String note,
    String savedBy,
    Instant savedAt) {

  /**
   * This revision's text as a draft to save again, at {@code slug}, linked to {@code
   * translationId}.
   */
  public ArticleDraft asDraft(String slug, Long translationId) {
    return new ArticleDraft(
        language.code(),
        slug,
        headline,
        standfirst,
        bodyMarkdown,
        sectionId,
        tagNames,
        authorIds,
        heroImageId,
        heroCaption,
        heroCredit,
        translationId);
  }
}
