package org.samizdat.revenue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The hashes of supporters' manage-my-support tokens: single-use LINKs and the SESSIONs they open.
 */
@Repository
class SupporterAccessRepository {

  private final JdbcClient jdbc;

  SupporterAccessRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(byte[] hash, String kind, long supporterId, Instant expires) {
    jdbc.sql(
            """
            INSERT INTO supporter_access (token_hash, kind, supporter_id, expires_at)
            VALUES (:hash, :kind, :supporter, :expires)
            """)
        .param("hash", hash)
        .param("kind", kind)
        .param("supporter", supporterId)
        .param("expires", Timestamp.from(expires))
        .update();
  }

  boolean linkValid(byte[] hash, Instant now) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM supporter_access
                           WHERE token_hash = :hash AND kind = 'LINK' AND expires_at > :now)
            """)
        .param("hash", hash)
        .param("now", Timestamp.from(now))
        .query(Boolean.class)
        .single();
  }

  /** Deletes a link that is still valid; its supporter, or empty when there was none. */
  Optional<Long> takeLink(byte[] hash, Instant now) {
    return jdbc.sql(
            """
            DELETE FROM supporter_access WHERE token_hash = :hash AND kind = 'LINK' AND expires_at > :now
            RETURNING supporter_id
            """)
        .param("hash", hash)
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .optional();
  }

  Optional<Long> sessionSupporter(byte[] hash, Instant now) {
    return jdbc.sql(
            """
            SELECT supporter_id FROM supporter_access
            WHERE token_hash = :hash AND kind = 'SESSION' AND expires_at > :now
            """)
        .param("hash", hash)
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .optional();
  }

  void deleteSession(byte[] hash) {
    jdbc.sql("DELETE FROM supporter_access WHERE token_hash = :hash AND kind = 'SESSION'")
        .param("hash", hash)
        .update();
  }

  int deleteExpired(Instant now) {
    return jdbc.sql("DELETE FROM supporter_access WHERE expires_at <= :now")
        .param("now", Timestamp.from(now))
        .update();
  }
}
