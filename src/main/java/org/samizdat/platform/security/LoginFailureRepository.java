package org.samizdat.platform.security;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Failed sign-ins to the newsroom: which account, from which address, when. */
@Repository
class LoginFailureRepository {

  /**
   * The failures from one address since some moment: how many, and the last, against one account
   * ({@code pair}) and against any ({@code address}); the times are null when there were none.
   */
  record Failures(long pair, Instant lastOfPair, long address, Instant lastOfAddress) {}

  private final JdbcClient jdbc;

  LoginFailureRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Failures since(String email, String address, Instant since) {
    return jdbc.sql(
            """
            SELECT count(*) FILTER (WHERE email = :email) AS pair,
                   max(failed_at) FILTER (WHERE email = :email) AS last_of_pair,
                   count(*) AS address, max(failed_at) AS last_of_address
            FROM login_failure WHERE address = :address AND failed_at > :since
            """)
        .param("email", email)
        .param("address", address)
        .param("since", Timestamp.from(since))
        .query(
            (rs, n) ->
                new Failures(
                    rs.getLong("pair"),
                    instant(rs.getTimestamp("last_of_pair")),
                    rs.getLong("address"),
                    instant(rs.getTimestamp("last_of_address"))))
        .single();
  }

  void insert(String email, String address, Instant at) {
    jdbc.sql("INSERT INTO login_failure (email, address, failed_at) VALUES (:email, :address, :at)")
        .param("email", email)
        .param("address", address)
        .param("at", Timestamp.from(at))
        .update();
  }

  void delete(String email, String address) {
    jdbc.sql("DELETE FROM login_failure WHERE email = :email AND address = :address")
        .param("email", email)
        .param("address", address)
        .update();
  }

  void deleteBefore(Instant before) {
    jdbc.sql("DELETE FROM login_failure WHERE failed_at < :before")
        .param("before", Timestamp.from(before))
        .update();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
