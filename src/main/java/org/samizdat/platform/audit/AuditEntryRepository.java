package org.samizdat.platform.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit log's rows, and the one-row table whose lock says which node applies retention. A
 * trigger refuses changes to entries, and their deletion unless the transaction says it is the
 * retention job.
 */
@Repository
class AuditEntryRepository {

  /** An entry to write, its texts already clipped to the columns' sizes. */
  record NewEntry(Instant at, String actor, String action, String subject, String address) {}

  private final JdbcClient jdbc;

  AuditEntryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(NewEntry entry) {
    jdbc.sql(
            """
            INSERT INTO audit_entry (at, actor, action, subject, address)
            VALUES (:at, :actor, :action, :subject, :address)
            """)
        .param("at", Timestamp.from(entry.at()))
        .param("actor", entry.actor())
        .param("action", entry.action())
        .param("subject", entry.subject())
        .param("address", entry.address())
        .update();
  }

  /** The newest entries matching the query, newest first, at most {@code limit}. */
  List<AuditEntry> find(AuditQuery q, int limit) {
    StringBuilder where = new StringBuilder("TRUE");
    Map<String, Object> params = new LinkedHashMap<>();
    if (q.actor() != null && !q.actor().isBlank()) {
      where.append(" AND lower(actor) LIKE :actor ESCAPE '\\'");
      params.put("actor", "%" + likeEscape(q.actor().trim().toLowerCase(Locale.ROOT)) + "%");
    }
    if (q.action() != null && !q.action().isBlank()) {
      where.append(" AND action = :action");
      params.put("action", q.action().trim());
    }
    if (q.from() != null) {
      where.append(" AND at >= :from");
      params.put("from", Timestamp.from(q.from()));
    }
    if (q.to() != null) {
      where.append(" AND at < :to");
      params.put("to", Timestamp.from(q.to()));
    }
    return jdbc.sql(
            "SELECT id, at, actor, action, subject, address FROM audit_entry WHERE "
                + where
                + " ORDER BY at DESC, id DESC LIMIT "
                + limit)
        .params(params)
        .query(
            (rs, n) ->
                new AuditEntry(
                    rs.getLong("id"),
                    rs.getTimestamp("at").toInstant(),
                    rs.getString("actor"),
                    rs.getString("action"),
                    rs.getString("subject"),
                    rs.getString("address")))
        .list();
  }

  /** Locks the retention job's row until the transaction ends; false when another node has it. */
  boolean claimRetentionRun() {
    return jdbc.sql("SELECT id FROM audit_retention_run WHERE id = 1 FOR UPDATE SKIP LOCKED")
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  /**
   * Deletes the entries older than {@code before}, telling the trigger (for this transaction only)
   * that this is the retention job; returns how many.
   */
  int deleteBefore(Instant before) {
    jdbc.sql("SELECT set_config('samizdat.audit_retention', 'on', true)")
        .query(String.class)
        .single();
    return jdbc.sql("DELETE FROM audit_entry WHERE at < :before")
        .param("before", Timestamp.from(before))
        .update();
  }

  void retentionRan(Instant now) {
    jdbc.sql("UPDATE audit_retention_run SET last_run = :now WHERE id = 1")
        .param("now", Timestamp.from(now))
        .update();
  }

  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
