package org.samizdat.publishing;

import java.time.Instant;
import org.samizdat.platform.i18n.Language;

/**
 * A snapshot of an article taken at one save: its text as it was then, in {@code language}, and its
 * status.
 */
public record Revision(
    long articleId,
    int number,
    Language language,
    ArticleDraft text,
    ArticleStatus status,
    String note,
    String savedBy,
    Instant savedAt) {

  /**
   * This revision's text as a draft to save again, at {@code slug}, linked to {@code
   * translationId}.
   */
  public ArticleDraft asDraft(String slug, Long translationId) {
    return text.at(slug, translationId);
  }
}
