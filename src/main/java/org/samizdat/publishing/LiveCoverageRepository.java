package org.samizdat.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class LiveCoverageRepository {

  private static final String COVERAGE =
      "article_id, started_at, started_by, summary_markdown, summary_html, ended_at";
  private static final String UPDATE =
      """
      u.id, u.article_id, u.staff_id, u.author_name, u.body_markdown, u.body_html, u.posted_at,
      u.edited_at, i.id AS i_id, i.key AS i_key, i.content_type AS i_content_type,
      i.width AS i_width, i.height AS i_height, i.widths AS i_widths, i.alt_text AS i_alt_text, i.webp AS i_webp
      """;
  private static final String FROM =
      " FROM live_update u LEFT JOIN media_image i ON i.id = u.image_id ";

  private final JdbcClient jdbc;

  LiveCoverageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<LiveCoverage> find(long articleId) {
    return jdbc.sql("SELECT " + COVERAGE + " FROM live_coverage WHERE article_id = :id")
        .param("id", articleId)
        .query(LiveCoverageRepository::coverage)
        .optional();
  }

  Map<Long, LiveCoverage> findAll(Collection<Long> articleIds) {
    Map<Long, LiveCoverage> found = new LinkedHashMap<>();
    if (articleIds.isEmpty()) {
      return found;
    }
    jdbc.sql("SELECT " + COVERAGE + " FROM live_coverage WHERE article_id IN (:ids)")
        .param("ids", articleIds)
        .query(LiveCoverageRepository::coverage)
        .list()
        .forEach(c -> found.put(c.articleId(), c));
    return found;
  }

  /** Starts the coverage, or resumes an ended one (its summary and updates kept). */
  void start(long articleId, String by, Instant now) {
    jdbc.sql(
            """
            INSERT INTO live_coverage (article_id, started_at, started_by) VALUES (:id, :now, :by)
            ON CONFLICT (article_id) DO UPDATE SET ended_at = NULL
            """)
        .param("id", articleId)
        .param("now", Timestamp.from(now))
        .param("by", by)
        .update();
  }

  void end(long articleId, Instant now) {
    jdbc.sql("UPDATE live_coverage SET ended_at = :now WHERE article_id = :id")
        .param("id", articleId)
        .param("now", Timestamp.from(now))
        .update();
  }

  void pinSummary(long articleId, String markdown, String html) {
    jdbc.sql(
            "UPDATE live_coverage SET summary_markdown = :md, summary_html = :html"
                + " WHERE article_id = :id")
        .param("id", articleId)
        .param("md", markdown)
        .param("html", html)
        .update();
  }

  /**
   * An update to post: to which article, by whom (a staff id, or null, and the name it is signed
   * with), its text as typed and as safe HTML, its photo if any, and when.
   */
  record NewUpdate(
      long articleId,
      Long staffId,
      String authorName,
      String markdown,
      String html,
      Long imageId,
      Instant postedAt) {}

  /**
   * A correction of an update: its new text, a photo to put in place of the old one (or null to
   * keep it), whether to drop the photo instead, and when.
   */
  record UpdateEdit(
      String markdown, String html, Long imageId, boolean removeImage, Instant editedAt) {}

  long insertUpdate(NewUpdate update) {
    return jdbc.sql(
            """
            INSERT INTO live_update
              (article_id, staff_id, author_name, body_markdown, body_html, image_id, posted_at)
            VALUES (:article, :staff, :author, :md, :html, :image, :now)
            RETURNING id
            """)
        .param("article", update.articleId())
        .param("staff", update.staffId())
        .param("author", update.authorName())
        .param("md", update.markdown())
        .param("html", update.html())
        .param("image", update.imageId())
        .param("now", Timestamp.from(update.postedAt()))
        .query(Long.class)
        .single();
  }

  /** Changes the text; the image is replaced only when one is given, dropped when asked. */
  boolean editUpdate(long articleId, long updateId, UpdateEdit edit) {
    return jdbc.sql(
                """
                UPDATE live_update SET body_markdown = :md, body_html = :html, edited_at = :now,
                  image_id = CASE WHEN :remove THEN NULL ELSE COALESCE(:image, image_id) END
                WHERE id = :id AND article_id = :article
                """)
            .param("article", articleId)
            .param("id", updateId)
            .param("md", edit.markdown())
            .param("html", edit.html())
            .param("image", edit.imageId(), java.sql.Types.BIGINT)
            .param("remove", edit.removeImage())
            .param("now", Timestamp.from(edit.editedAt()))
            .update()
        == 1;
  }

  boolean deleteUpdate(long articleId, long updateId) {
    return jdbc.sql("DELETE FROM live_update WHERE id = :id AND article_id = :article")
            .param("article", articleId)
            .param("id", updateId)
            .update()
        == 1;
  }

  Optional<LiveUpdate> findUpdate(long articleId, long updateId) {
    return jdbc.sql("SELECT " + UPDATE + FROM + "WHERE u.id = :id AND u.article_id = :article")
        .param("article", articleId)
        .param("id", updateId)
        .query(LiveCoverageRepository::update)
        .optional();
  }

  /** Newer than {@code afterId}, newest first, at most {@code limit}. */
  List<LiveUpdate> updates(long articleId, long afterId, int limit) {
    return jdbc.sql(
            "SELECT "
                + UPDATE
                + FROM
                + "WHERE u.article_id = :article AND u.id > :after ORDER BY u.id DESC LIMIT :limit")
        .param("article", articleId)
        .param("after", afterId)
        .param("limit", limit)
        .query(LiveCoverageRepository::update)
        .list();
  }

  /** The newest {@code perArticle} updates of each article, newest first. */
  List<LiveUpdate> newest(Collection<Long> articleIds, int perArticle) {
    if (articleIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT "
                + UPDATE
                + " FROM (SELECT *, row_number() OVER (PARTITION BY article_id ORDER BY id DESC) AS n"
                + " FROM live_update WHERE article_id IN (:ids)) u"
                + " LEFT JOIN media_image i ON i.id = u.image_id"
                + " WHERE u.n <= :per ORDER BY u.id DESC")
        .param("ids", articleIds)
        .param("per", perArticle)
        .query(LiveCoverageRepository::update)
        .list();
  }

  /** Live articles of a language with updates posted in (after, until], latest update first. */
  List<Long> updatedBetween(String language, Instant after, Instant until) {
    return jdbc.sql(
            """
            SELECT u.article_id FROM live_update u JOIN article a ON a.id = u.article_id
            WHERE a.language = :lang AND a.status = 'PUBLISHED' AND a.deleted_at IS NULL
              AND u.posted_at > :after AND u.posted_at <= :until
            GROUP BY u.article_id ORDER BY max(u.posted_at) DESC
            """)
        .param("lang", language)
        .param("after", Timestamp.from(after))
        .param("until", Timestamp.from(until))
        .query(Long.class)
        .list();
  }

  private static LiveCoverage coverage(ResultSet rs, int n) throws SQLException {
    return new LiveCoverage(
        rs.getLong("article_id"),
        ArticleRepository.instant(rs, "started_at"),
        rs.getString("started_by"),
        rs.getString("summary_markdown"),
        rs.getString("summary_html"),
        ArticleRepository.instant(rs, "ended_at"));
  }

  private static LiveUpdate update(ResultSet rs, int n) throws SQLException {
    long staff = rs.getLong("staff_id");
    Long staffId = rs.wasNull() ? null : staff;
    return new LiveUpdate(
        rs.getLong("id"),
        rs.getLong("article_id"),
        staffId,
        rs.getString("author_name"),
        rs.getString("body_markdown"),
        rs.getString("body_html"),
        TaxonomyRepository.image(rs, "i_"),
        ArticleRepository.instant(rs, "posted_at"),
        ArticleRepository.instant(rs, "edited_at"));
  }
}
