package org.samizdat.newsroom;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The newsroom's sign-in policy and each member's authenticator app (its secret as sealed by the
 * caller, when it was confirmed, and the last time step used).
 */
@Repository
class SecondFactorRepository {

  private final JdbcClient jdbc;

  SecondFactorRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean required() {
    return jdbc.sql("SELECT second_factor_required FROM staff_sign_in_policy WHERE id = 1")
        .query(Boolean.class)
        .single();
  }

  void setRequired(boolean required, Instant now, String by) {
    jdbc.sql(
            """
            UPDATE staff_sign_in_policy
            SET second_factor_required = :required, changed_at = :now, changed_by = :by
            WHERE id = 1
            """)
        .param("required", required)
        .param("now", Timestamp.from(now))
        .param("by", by)
        .update();
  }

  boolean hasConfirmed(long staffId) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM staff_totp WHERE staff_id = :id AND confirmed_at IS NOT NULL)")
        .param("id", staffId)
        .query(Boolean.class)
        .single();
  }

  /** The sealed secret of an app being set up, not yet confirmed. */
  Optional<byte[]> pendingSecret(long staffId) {
    return jdbc.sql("SELECT secret FROM staff_totp WHERE staff_id = :id AND confirmed_at IS NULL")
        .param("id", staffId)
        .query((rs, n) -> rs.getBytes(1))
        .optional();
  }

  /** The sealed secret of the member's app in force, its row locked until the transaction ends. */
  Optional<byte[]> confirmedSecretForUpdate(long staffId) {
    return jdbc.sql(
            "SELECT secret FROM staff_totp WHERE staff_id = :id AND confirmed_at IS NOT NULL FOR UPDATE")
        .param("id", staffId)
        .query((rs, n) -> rs.getBytes(1))
        .optional();
  }

  /** A new app being set up, replacing any earlier set-up. */
  void startPending(long staffId, byte[] sealedSecret, Instant now) {
    jdbc.sql(
            """
            INSERT INTO staff_totp (staff_id, secret, created_at) VALUES (:id, :secret, :now)
            ON CONFLICT (staff_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at,
              confirmed_at = NULL, last_step = NULL
            """)
        .param("id", staffId)
        .param("secret", sealedSecret)
        .param("now", Timestamp.from(now))
        .update();
  }

  void confirm(long staffId, long step, Instant now) {
    jdbc.sql("UPDATE staff_totp SET confirmed_at = :now, last_step = :step WHERE staff_id = :id")
        .param("now", Timestamp.from(now))
        .param("step", step)
        .param("id", staffId)
        .update();
  }

  /** Uses up a time step: false when it, or a later one, was used already (a replayed code). */
  boolean useStep(long staffId, long step) {
    return jdbc.sql(
                """
                UPDATE staff_totp SET last_step = :step
                WHERE staff_id = :id AND (last_step IS NULL OR last_step < :step)
                """)
            .param("step", step)
            .param("id", staffId)
            .update()
        == 1;
  }

  void delete(long staffId) {
    jdbc.sql("DELETE FROM staff_totp WHERE staff_id = :id").param("id", staffId).update();
  }

  /** Each member's second factors in words, by staff id (members with none are left out). */
  Map<Long, String> summary() {
    Map<Long, String> out = new HashMap<>();
    jdbc.sql(
            """
            SELECT s.id,
              EXISTS (SELECT 1 FROM staff_totp t WHERE t.staff_id = s.id AND t.confirmed_at IS NOT NULL),
              (SELECT count(*) FROM user_credentials c JOIN user_entities u ON u.id = c.user_entity_user_id
               WHERE u.staff_id = s.id)
            FROM staff_user s
            """)
        .query(
            rs -> {
              List<String> parts = new ArrayList<>();
              if (rs.getBoolean(2)) {
                parts.add("authenticator app");
              }
              long keys = rs.getLong(3);
              if (keys > 0) {
                parts.add(keys + (keys == 1 ? " passkey" : " passkeys"));
              }
              if (!parts.isEmpty()) {
                out.put(rs.getLong(1), String.join(", ", parts));
              }
            });
    return out;
  }
}
