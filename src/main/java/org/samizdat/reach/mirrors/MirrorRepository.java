package org.samizdat.reach.mirrors;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.samizdat.reach.Mirror;
import org.samizdat.reach.MirrorList;
import org.samizdat.reach.MirrorStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mirror list, the onion address and the health check's findings. */
@Repository
class MirrorRepository {

  private final JdbcClient jdbc;

  MirrorRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Creates the settings row if there is none; true for the one caller that did (the first start).
   */
  boolean createSettings(String onionAddress, Instant now) {
    return jdbc.sql(
                """
            INSERT INTO mirror_settings (id, onion_address, updated_at, next_check_at)
            VALUES (1, :onion, :now, :now)
            ON CONFLICT (id) DO NOTHING""")
            .param("onion", onionAddress)
            .param("now", Timestamp.from(now))
            .update()
        == 1;
  }

  MirrorList load() {
    Optional<Settings> settings =
        jdbc.sql("SELECT onion_address, updated_at FROM mirror_settings WHERE id = 1")
            .query(
                (rs, n) -> new Settings(rs.getString("onion_address"), instant(rs, "updated_at")))
            .optional();
    List<Mirror> mirrors =
        jdbc.sql(
                """
            SELECT url, status, latency_ms, checked_at, serves_latest, problem
            FROM mirror ORDER BY position, id""")
            .query(this::mirror)
            .list();
    // null until the first start has written the settings (that runs after the demo content)
    Instant updated = settings.map(Settings::updatedAt).orElse(null);
    for (Mirror m : mirrors) {
      if (m.checkedAt() != null && (updated == null || m.checkedAt().isAfter(updated))) {
        updated = m.checkedAt();
      }
    }
    return new MirrorList(mirrors, settings.map(Settings::onionAddress).orElse(null), updated);
  }

  /**
   * Keeps what is known about mirrors that stay on the list, adds new ones unchecked, drops the
   * rest.
   */
  void replace(List<String> urls, String onionAddress, Instant now) {
    jdbc.sql(
            """
            INSERT INTO mirror_settings (id, onion_address, updated_at, next_check_at)
            VALUES (1, :onion, :now, :now)
            ON CONFLICT (id) DO UPDATE SET onion_address = EXCLUDED.onion_address, updated_at = EXCLUDED.updated_at""")
        .param("onion", onionAddress)
        .param("now", Timestamp.from(now))
        .update();
    jdbc.sql("DELETE FROM mirror WHERE NOT (url = ANY (:urls))")
        .param("urls", urls.toArray(String[]::new))
        .update();
    for (int i = 0; i < urls.size(); i++) {
      jdbc.sql(
              """
              INSERT INTO mirror (url, position, created_at) VALUES (:url, :position, :now)
              ON CONFLICT (url) DO UPDATE SET position = EXCLUDED.position""")
          .param("url", urls.get(i))
          .param("position", i)
          .param("now", Timestamp.from(now))
          .update();
    }
  }

  /**
   * Claims the next health check for this node: true for exactly one node per interval, so nodes
   * that all wake up together do not all hit the mirrors.
   */
  boolean claimCheck(Instant now, Duration interval) {
    return jdbc.sql(
                """
            UPDATE mirror_settings SET next_check_at = :next
            WHERE id = 1 AND next_check_at <= :now""")
            .param("now", Timestamp.from(now))
            .param("next", Timestamp.from(now.plus(interval)))
            .update()
        == 1;
  }

  /** Puts the next scheduled check one interval after a check made on demand. */
  void postponeCheck(Instant next) {
    jdbc.sql("UPDATE mirror_settings SET next_check_at = :next WHERE id = 1")
        .param("next", Timestamp.from(next))
        .update();
  }

  /** Stores a finding; a mirror removed while it was being checked stays removed. */
  void record(String url, MirrorProbe.Finding finding) {
    jdbc.sql(
            """
            UPDATE mirror SET status = :status, latency_ms = :latency, checked_at = :checked,
              serves_latest = :serves, problem = :problem
            WHERE url = :url""")
        .param("status", finding.status().name())
        .param("latency", finding.latencyMillis())
        .param("checked", Timestamp.from(finding.checkedAt()))
        .param("serves", finding.servesLatest())
        .param("problem", finding.problem())
        .param("url", url)
        .update();
  }

  private Mirror mirror(ResultSet rs, int row) throws SQLException {
    int latency = rs.getInt("latency_ms");
    Integer latencyMillis = rs.wasNull() ? null : latency;
    boolean serves = rs.getBoolean("serves_latest");
    Boolean servesLatest = rs.wasNull() ? null : serves;
    return new Mirror(
        rs.getString("url"),
        MirrorStatus.valueOf(rs.getString("status")),
        latencyMillis,
        instant(rs, "checked_at"),
        servesLatest,
        rs.getString("problem"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private record Settings(String onionAddress, Instant updatedAt) {}
}
