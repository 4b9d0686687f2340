package org.samizdat.revenue.testmode;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The test-mode checkout pages opened: where each sends the reader after paying or cancelling. */
@Repository
class TestModeSessionRepository {

  record Session(UUID checkoutId, String successUrl, String cancelUrl) {}

  private final JdbcClient jdbc;

  TestModeSessionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(Session session, Instant now) {
    jdbc.sql(
            "INSERT INTO testmode_session (checkout_id, success_url, cancel_url, created_at) VALUES (:id, :ok, :cancel, :now)")
        .param("id", session.checkoutId())
        .param("ok", session.successUrl())
        .param("cancel", session.cancelUrl())
        .param("now", Timestamp.from(now))
        .update();
  }

  Optional<Session> find(UUID checkoutId) {
    return jdbc.sql(
            "SELECT checkout_id, success_url, cancel_url FROM testmode_session WHERE checkout_id = :id")
        .param("id", checkoutId)
        .query(
            (rs, n) -> new Session(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
        .optional();
  }
}
