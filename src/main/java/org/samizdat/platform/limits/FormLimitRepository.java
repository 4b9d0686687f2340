package org.samizdat.platform.limits;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mail forms' counters: hits per keyed hash per window, kept until the window is over. */
@Repository
class FormLimitRepository {

  private final JdbcClient jdbc;

  FormLimitRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Counts one hit on this key in the window from start to end; returns its hits so far. */
  int hit(byte[] keyHash, Instant start, Instant end) {
    return jdbc.sql(
            """
            INSERT INTO form_limit (key_hash, window_start, expires_at, hits)
            VALUES (:key, :start, :end, 1)
            ON CONFLICT (key_hash, window_start) DO UPDATE SET hits = form_limit.hits + 1
            RETURNING hits
            """)
        .param("key", keyHash)
        .param("start", Timestamp.from(start))
        .param("end", Timestamp.from(end))
        .query(Integer.class)
        .single();
  }

  int deleteExpired(Instant now) {
    return jdbc.sql("DELETE FROM form_limit WHERE expires_at <= :now")
        .param("now", Timestamp.from(now))
        .update();
  }
}
