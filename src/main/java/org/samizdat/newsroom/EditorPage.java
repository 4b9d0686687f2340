package org.samizdat.newsroom;

import java.util.List;
import java.util.Map;
import org.samizdat.publishing.Article;
import org.samizdat.publishing.ArticleSummary;
import org.samizdat.publishing.Author;
import org.samizdat.publishing.Image;
import org.samizdat.publishing.LiveCoverage;
import org.samizdat.publishing.PendingEdit;
import org.samizdat.publishing.Review;
import org.samizdat.publishing.Section;

/**
 * The article editor.
 *
 * @param article the stored article, or null while creating one
 * @param previewHtml the sanitised body as readers will see it
 * @param pending saved changes readers do not see yet, or null
 * @param review where the draft stands in review, or null
 * @param otherEditors who else has the article open, and since when, one sentence each
 * @param live its live coverage, or null when it is not a live page
 */
public record EditorPage(
    Article article,
    ArticleForm form,
    Map<String, String> errors,
    List<Section> sections,
    List<Author> authors,
    Image heroImage,
    String previewHtml,
    String publicPath,
    boolean canPublish,
    boolean canEdit,
    String timeZone,
    long maxUploadMb,
    PendingEdit pending,
    List<String> otherEditors,
    Review review,
    List<ArticleSummary> translationChoices,
    LiveCoverage live) {

  /** The choices in one language, for the translation picker's groups. */
  public List<ArticleSummary> translationChoicesIn(String language) {
    return translationChoices.stream().filter(a -> a.language().code().equals(language)).toList();
  }

  /** The article is live and has saved changes that readers do not see yet. */
  public boolean hasPendingEdit() {
    return pending != null && article != null && article.isLive();
  }

  public boolean isLive() {
    return article != null && article.isLive();
  }

  public String error(String field) {
    return errors.get(field);
  }

  /**
   * The sentence above the error list: when the text was saved and only publishing or scheduling
   * was refused, it says so (the "status" entry), instead of claiming nothing was saved.
   */
  public String errorIntro() {
    String status = errors.get("status");
    return status != null ? status : "The article was not saved:";
  }

  /** The errors to list under {@link #errorIntro()}. */
  public java.util.Collection<String> errorList() {
    return errors.entrySet().stream()
        .filter(e -> !"status".equals(e.getKey()))
        .map(Map.Entry::getValue)
        .toList();
  }

  public boolean isNew() {
    return article == null;
  }

  public String action() {
    return article == null ? "/newsroom/articles" : "/newsroom/articles/" + article.id();
  }
}
