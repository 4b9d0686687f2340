package org.samizdat.publishing;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.samizdat.platform.i18n.Language;

/** An article as stored, with its section, authors, tags and hero image resolved. */
public record Article(
    long id,
    Language language,
    String slug,
    String headline,
    String standfirst,
    String bodyMarkdown,
    String bodyHtml,
    Section section,
    List<Author> authors,
    List<Tag> tags,
    Image heroImage,
    String heroCaption,
    String heroCredit,
    ArticleStatus status,
    Instant publishAt,
    Instant publishedAt,
    Instant createdAt,
    Instant updatedAt,
    Long createdBy,
    Long translationId,
    Instant deletedAt,
    int version) {

  private static final DateTimeFormatter DATE_PATH = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  /** How every cached page or datum showing an article is tagged: this, then the article's id. */
  public static final String CACHE_KEY_PREFIX = "article-";

  /** The key that tags every cached page showing this article (sent to CDNs as Surrogate-Key). */
  public static String cacheKey(long id) {
    return CACHE_KEY_PREFIX + id;
  }

  /**
   * The public address, {@code /yyyy/MM/dd/slug}, dated by first publication in the newsroom's
   * zone.
   */
  public String path(ZoneId zone) {
    Instant dated = publishedAt != null ? publishedAt : publishAt;
    return dated == null ? null : pathOf(dated, slug, zone);
  }

  public static String pathOf(Instant publishedAt, String slug, ZoneId zone) {
    return "/" + DATE_PATH.format(publishedAt.atZone(zone)) + "/" + slug;
  }

  public boolean isLive() {
    return status == ArticleStatus.PUBLISHED && deletedAt == null;
  }

  /** Updated meaningfully after first publication (more than a minute later). */
  public boolean wasUpdated() {
    return publishedAt != null
        && updatedAt != null
        && updatedAt.isAfter(publishedAt.plusSeconds(60));
  }
}
