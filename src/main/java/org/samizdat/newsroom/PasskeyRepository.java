package org.samizdat.newsroom;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Staff members' passkeys as Spring Security's WebAuthn store keeps them (user_entities, one per
 * member, and its user_credentials), read by staff id or e-mail.
 */
@Repository
class PasskeyRepository {

  private final JdbcClient jdbc;

  PasskeyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<AccountPage.Passkey> of(long staffId) {
    return jdbc.sql(
            """
            SELECT c.credential_id, c.label, c.created, c.last_used
            FROM user_credentials c JOIN user_entities u ON u.id = c.user_entity_user_id
            WHERE u.staff_id = :staff
            ORDER BY c.created, c.credential_id
            """)
        .param("staff", staffId)
        .query(
            (rs, n) ->
                new AccountPage.Passkey(
                    rs.getString(1),
                    rs.getString(2),
                    instant(rs.getTimestamp(3)),
                    instant(rs.getTimestamp(4))))
        .list();
  }

  boolean any(long staffId) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM user_credentials c
              JOIN user_entities u ON u.id = c.user_entity_user_id WHERE u.staff_id = :staff)
            """)
        .param("staff", staffId)
        .query(Boolean.class)
        .single();
  }

  boolean any(String email) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM user_credentials c
              JOIN user_entities u ON u.id = c.user_entity_user_id WHERE lower(u.name) = lower(:email))
            """)
        .param("email", email)
        .query(Boolean.class)
        .single();
  }

  boolean belongsTo(String credentialId, long staffId) {
    return jdbc.sql(
            """
            SELECT EXISTS (SELECT 1 FROM user_credentials c
              JOIN user_entities u ON u.id = c.user_entity_user_id
              WHERE u.staff_id = :staff AND c.credential_id = :id)
            """)
        .param("staff", staffId)
        .param("id", credentialId)
        .query(Boolean.class)
        .single();
  }

  int count(long staffId) {
    return jdbc.sql(
            """
            SELECT count(*) FROM user_credentials c
            JOIN user_entities u ON u.id = c.user_entity_user_id WHERE u.staff_id = :staff
            """)
        .param("staff", staffId)
        .query(Integer.class)
        .single();
  }

  /** Deletes the member's user entity, and with it (the database cascades) their passkeys. */
  void deleteAll(long staffId) {
    jdbc.sql("DELETE FROM user_entities WHERE staff_id = :staff").param("staff", staffId).update();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
