package org.samizdat.newsroom;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who has an article open in the editor. The editor's page refreshes its row every half minute
 * while it is open; a row counts for {@link #FRESH} after its last refresh, so a closed tab or a
 * crashed laptop stops showing within two minutes. Shared by all nodes (the table is in
 * PostgreSQL).
 */
@Repository
class EditingPresence {

  static final Duration FRESH = Duration.ofSeconds(100);

  /** Someone else with the article open: who, and since when. */
  record Editor(String name, Instant since) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  EditingPresence(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Marks the article open by this staff member; "since" restarts only after a gap. */
  void touch(long articleId, long staffId) {
    Instant now = clock.instant();
    jdbc.sql(
            """
            INSERT INTO newsroom_editing (article_id, staff_id, since, seen_at) VALUES (:article, :staff, :now, :now)
            ON CONFLICT (article_id, staff_id) DO UPDATE SET seen_at = :now,
                   since = CASE WHEN newsroom_editing.seen_at < :stale THEN :now ELSE newsroom_editing.since END
            """)
        .param("article", articleId)
        .param("staff", staffId)
        .param("now", Timestamp.from(now))
        .param("stale", Timestamp.from(now.minus(FRESH)))
        .update();
  }

  void release(long articleId, long staffId) {
    jdbc.sql("DELETE FROM newsroom_editing WHERE article_id = :article AND staff_id = :staff")
        .param("article", articleId)
        .param("staff", staffId)
        .update();
  }

  /** Everyone else who has had the article open recently, longest first. */
  List<Editor> others(long articleId, long staffId) {
    return jdbc.sql(
            """
            SELECT s.display_name, e.since FROM newsroom_editing e JOIN staff_user s ON s.id = e.staff_id
            WHERE e.article_id = :article AND e.staff_id <> :staff AND e.seen_at >= :fresh
            ORDER BY e.since
            """)
        .param("article", articleId)
        .param("staff", staffId)
        .param("fresh", Timestamp.from(clock.instant().minus(FRESH)))
        .query((rs, n) -> new Editor(rs.getString(1), rs.getTimestamp(2).toInstant()))
        .list();
  }
}
