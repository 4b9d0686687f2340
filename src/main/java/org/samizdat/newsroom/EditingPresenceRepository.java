package org.samizdat.newsroom;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of who has which article open in the editor: since when, and when last seen. */
@Repository
class EditingPresenceRepository {

  private final JdbcClient jdbc;

  EditingPresenceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Seen now; "since" restarts at now when the row was last seen before {@code stale}. */
  void touch(long articleId, long staffId, Instant now, Instant stale) {
    jdbc.sql(
            """
            INSERT INTO newsroom_editing (article_id, staff_id, since, seen_at) VALUES (:article, :staff, :now, :now)
            ON CONFLICT (article_id, staff_id) DO UPDATE SET seen_at = :now,
                   since = CASE WHEN newsroom_editing.seen_at < :stale THEN :now ELSE newsroom_editing.since END
            """)
        .param("article", articleId)
        .param("staff", staffId)
        .param("now", Timestamp.from(now))
        .param("stale", Timestamp.from(stale))
        .update();
  }

  void delete(long articleId, long staffId) {
    jdbc.sql("DELETE FROM newsroom_editing WHERE article_id = :article AND staff_id = :staff")
        .param("article", articleId)
        .param("staff", staffId)
        .update();
  }

  /**
   * Everyone but this member seen with the article open at or after {@code fresh}, longest first.
   */
  List<EditingPresence.Editor> others(long articleId, long staffId, Instant fresh) {
    return jdbc.sql(
            """
            SELECT s.display_name, e.since FROM newsroom_editing e JOIN staff_user s ON s.id = e.staff_id
            WHERE e.article_id = :article AND e.staff_id <> :staff AND e.seen_at >= :fresh
            ORDER BY e.since
            """)
        .param("article", articleId)
        .param("staff", staffId)
        .param("fresh", Timestamp.from(fresh))
        .query(
            (rs, n) -> new EditingPresence.Editor(rs.getString(1), rs.getTimestamp(2).toInstant()))
        .list();
  }
}
