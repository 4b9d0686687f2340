package org.samizdat.newsroom;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One-time sign-in links, each kept as the SHA-256 of its token. */
@Repository
class SignInLinkRepository {

  /** A link to store: its token's hash, whose it is, when it was made and until when it works. */
  record NewLink(String tokenHash, long staffId, Instant createdAt, Instant expiresAt) {}

  private final JdbcClient jdbc;

  SignInLinkRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void deleteUnused(long staffId) {
    jdbc.sql("DELETE FROM staff_signin_link WHERE staff_id = :staff AND used_at IS NULL")
        .param("staff", staffId)
        .update();
  }

  void insert(NewLink link) {
    jdbc.sql(
            """
            INSERT INTO staff_signin_link (token_hash, staff_id, created_at, expires_at)
            VALUES (:hash, :staff, :now, :expires)
            """)
        .param("hash", link.tokenHash())
        .param("staff", link.staffId())
        .param("now", Timestamp.from(link.createdAt()))
        .param("expires", Timestamp.from(link.expiresAt()))
        .update();
  }

  /**
   * Whose the link is, if it is unused and not expired at {@code now}; with {@code lock}, its row
   * stays locked until the transaction ends.
   */
  Optional<Long> validStaffId(String tokenHash, Instant now, boolean lock) {
    return jdbc.sql(
            """
            SELECT staff_id FROM staff_signin_link
            WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
            """
                + (lock ? " FOR UPDATE" : ""))
        .param("hash", tokenHash)
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .optional();
  }

  void markUsed(String tokenHash, Instant now) {
    jdbc.sql("UPDATE staff_signin_link SET used_at = :now WHERE token_hash = :hash")
        .param("now", Timestamp.from(now))
        .param("hash", tokenHash)
        .update();
  }
}
