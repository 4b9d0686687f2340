package org.samizdat.publishing;

import java.time.Instant;

/**
 * One timestamped update to a live article, its text already sanitised HTML.
 *
 * @param image the photo with it (its description required), or null
 * @param editedAt when it was last corrected, or null
 */
public record LiveUpdate(
    long id,
    long articleId,
    Long staffId,
    String authorName,
    String bodyMarkdown,
    String bodyHtml,
    Image image,
    Instant postedAt,
    Instant editedAt) {

  /** The update's anchor on the article's page: {@code update-<id>}. */
  public String anchor() {
    return "update-" + id;
  }

  /** The first words of the text, for a feed item's title or a mail's line. */
  public String headline(int maxChars) {
    String text = org.jsoup.Jsoup.parse(bodyHtml).text().strip();
    if (text.length() <= maxChars) {
      return text;
    }
    int cut = text.lastIndexOf(' ', maxChars - 1);
    return text.substring(0, cut > maxChars / 2 ? cut : maxChars - 1).strip() + "…";
  }
}
