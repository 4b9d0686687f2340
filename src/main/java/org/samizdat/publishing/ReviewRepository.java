package org.samizdat.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ReviewRepository {

  private static final String COLUMNS =
      "article_id, state, note, requested_by, requested_at, returned_by, returned_at";

  private final JdbcClient jdbc;

  ReviewRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Review> find(long articleId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM article_review WHERE article_id = :id")
        .param("id", articleId)
        .query(ReviewRepository::review)
        .optional();
  }

  /** Drafts waiting for an editor, longest waiting first. */
  List<Review> ready() {
    return jdbc.sql(
            "SELECT r.article_id, r.state, r.note, r.requested_by, r.requested_at, r.returned_by,"
                + " r.returned_at FROM article_review r JOIN article a ON a.id = r.article_id"
                + " WHERE r.state = 'READY' AND a.deleted_at IS NULL ORDER BY r.requested_at")
        .query(ReviewRepository::review)
        .list();
  }

  long readyCount() {
    return jdbc.sql(
            "SELECT count(*) FROM article_review r JOIN article a ON a.id = r.article_id"
                + " WHERE r.state = 'READY' AND a.deleted_at IS NULL")
        .query(Long.class)
        .single();
  }

  void markReady(long articleId, String by, Instant now) {
    jdbc.sql(
            """
            INSERT INTO article_review (article_id, state, note, requested_by, requested_at)
            VALUES (:id, 'READY', '', :by, :now)
            ON CONFLICT (article_id) DO UPDATE SET state = 'READY', requested_by = :by, requested_at = :now
            """)
        .param("id", articleId)
        .param("by", by)
        .param("now", Timestamp.from(now))
        .update();
  }

  void markReturned(long articleId, String note, String by, Instant now) {
    jdbc.sql(
            """
            UPDATE article_review SET state = 'RETURNED', note = :note, returned_by = :by, returned_at = :now
            WHERE article_id = :id
            """)
        .param("id", articleId)
        .param("note", note)
        .param("by", by)
        .param("now", Timestamp.from(now))
        .update();
  }

  void delete(long articleId) {
    jdbc.sql("DELETE FROM article_review WHERE article_id = :id").param("id", articleId).update();
  }

  private static Review review(ResultSet rs, int n) throws SQLException {
    return new Review(
        rs.getLong("article_id"),
        Review.State.valueOf(rs.getString("state")),
        rs.getString("note"),
        rs.getString("requested_by"),
        ArticleRepository.instant(rs, "requested_at"),
        rs.getString("returned_by"),
        ArticleRepository.instant(rs, "returned_at"));
  }
}
