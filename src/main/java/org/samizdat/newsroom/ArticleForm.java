package org.samizdat.newsroom;

import jakarta.validation.constraints.Size;
import java.util.Arrays;
import java.util.List;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleDraft;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.Tag;

/** The editor's form as posted; never a table row. */
public record ArticleForm(
    String language,
    @Size(max = 100, message = "Keep the slug to 100 characters.") String slug,
    @Size(max = 200, message = "Keep the headline to 200 characters.") String headline,
    @Size(max = 400, message = "Keep the standfirst to 400 characters.") String standfirst,
    @Size(max = 200000, message = "The body is over the 200,000 character limit.") String body,
    Long sectionId,
    @Size(max = 2000, message = "Too many tags.") String tags,
    List<Long> authorIds,
    Long heroImageId,
    @Size(max = 300, message = "Keep the caption to 300 characters.") String heroCaption,
    @Size(max = 120, message = "Keep the credit to 120 characters.") String heroCredit,
    @Size(max = 300, message = "Keep the image description to 300 characters.") String heroAlt,
    Long translationId,
    String publishAt,
    Integer version,
    String action) {

  public ArticleForm {
    language = language == null || language.isBlank() ? "en" : language;
    authorIds =
        authorIds == null
            ? List.of()
            : authorIds.stream().filter(java.util.Objects::nonNull).toList();
  }

  static ArticleForm blank(String language, Long authorId) {
    return new ArticleForm(
        language,
        "",
        "",
        "",
        "",
        null,
        "",
        authorId == null ? List.of() : List.of(authorId),
        null,
        "",
        "",
        "",
        null,
        "",
        null,
        null);
  }

  static ArticleForm of(Article a) {
    return new ArticleForm(
        a.language().code(),
        a.slug(),
        a.headline(),
        a.standfirst(),
        a.bodyMarkdown(),
        a.section() == null ? null : a.section().id(),
        String.join(", ", a.tags().stream().map(Tag::name).toList()),
        a.authors().stream().map(Author::id).toList(),
        a.heroImage() == null ? null : a.heroImage().id(),
        a.heroCaption(),
        a.heroCredit(),
        a.heroImage() == null ? "" : a.heroImage().altText(),
        a.translationId(),
        "",
        a.version(),
        null);
  }

  /** The form showing a live article's pending edit instead of what readers see. */
  static ArticleForm of(Article a, ArticleDraft pending) {
    Long hero = pending.heroImageId();
    String alt =
        a.heroImage() != null && hero != null && a.heroImage().id() == hero
            ? a.heroImage().altText()
            : "";
    return new ArticleForm(
        pending.language(),
        pending.slug(),
        pending.headline(),
        pending.standfirst(),
        pending.bodyMarkdown(),
        pending.sectionId(),
        String.join(", ", pending.tagNames()),
        pending.authorIds(),
        hero,
        pending.heroCaption(),
        pending.heroCredit(),
        alt,
        pending.translationId(),
        "",
        a.version(),
        null);
  }

  ArticleForm withHeroImage(long imageId) {
    return new ArticleForm(
        language,
        slug,
        headline,
        standfirst,
        body,
        sectionId,
        tags,
        authorIds,
        imageId,
        heroCaption,
        heroCredit,
        heroAlt,
        translationId,
        publishAt,
        version,
        action);
  }

  ArticleForm withVersion(int newVersion) {
    return new ArticleForm(
        language,
        slug,
        headline,
        standfirst,
        body,
        sectionId,
        tags,
        authorIds,
        heroImageId,
        heroCaption,
        heroCredit,
        heroAlt,
        translationId,
        publishAt,
        newVersion,
        action);
  }

  ArticleDraft toDraft() {
    List<String> tagNames =
        tags == null
            ? List.of()
            : Arrays.stream(tags.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new ArticleDraft(
        language,
        slug,
        headline,
        standfirst,
        body,
        sectionId,
        tagNames,
        authorIds,
        heroImageId,
        heroCaption,
        heroCredit,
        translationId);
  }

  public boolean hasAuthor(long id) {
    return authorIds.contains(id);
  }
}
