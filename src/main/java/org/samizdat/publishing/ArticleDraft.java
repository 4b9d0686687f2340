package org.samizdat.publishing;

import java.util.List;

/**
 * What an editor sends when creating or saving an article. A blank slug is made from the headline.
 * Tags are names in the article's language; unknown ones are created.
 */
public record ArticleDraft(
    String language,
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
    Long translationId) {

  public ArticleDraft {
    tagNames = tagNames == null ? List.of() : List.copyOf(tagNames);
    authorIds = authorIds == null ? List.of() : List.copyOf(authorIds);
    slug = slug == null ? "" : slug.trim();
    headline = headline == null ? "" : headline.trim();
    standfirst = standfirst == null ? "" : standfirst.trim();
    bodyMarkdown = bodyMarkdown == null ? "" : bodyMarkdown;
    heroCaption = heroCaption == null ? "" : heroCaption.trim();
    heroCredit = heroCredit == null ? "" : heroCredit.trim();
  }

  /** The same text at another slug, linked to another translation. */
  public ArticleDraft at(String newSlug, Long newTranslationId) {
    return new ArticleDraft(
        language,
        newSlug,
        headline,
        standfirst,
        bodyMarkdown,
        sectionId,
        tagNames,
        authorIds,
        heroImageId,
        heroCaption,
        heroCredit,
        newTranslationId);
  }
}
