package org.samizdat.newsroom;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Service;

/**
 * The passkeys of staff members, as their account screen lists them. Spring Security registers
 * passkeys and checks them at sign-in; removing one goes through its store too (which audits it). A
 * passkey belongs to one member: the database deletes it with their account.
 */
@Service
class StaffPasskeys {

  private final JdbcClient jdbc;
  private final UserCredentialRepository credentials;

  StaffPasskeys(JdbcClient jdbc, UserCredentialRepository credentials) {
    this.jdbc = jdbc;
    this.credentials = credentials;
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

  /** Removes one of this member's passkeys; false when they have none with this id. */
  boolean remove(long staffId, String credentialId) {
    boolean theirs =
        jdbc.sql(
                """
                SELECT EXISTS (SELECT 1 FROM user_credentials c
                  JOIN user_entities u ON u.id = c.user_entity_user_id
                  WHERE u.staff_id = :staff AND c.credential_id = :id)
                """)
            .param("staff", staffId)
            .param("id", credentialId)
            .query(Boolean.class)
            .single();
    if (!theirs) {
      return false;
    }
    credentials.delete(Bytes.fromBase64(credentialId));
    return true;
  }

  /** Removes every passkey of this member; how many there were. */
  int removeAll(long staffId) {
    int keys =
        jdbc.sql(
                """
                SELECT count(*) FROM user_credentials c
                JOIN user_entities u ON u.id = c.user_entity_user_id WHERE u.staff_id = :staff
                """)
            .param("staff", staffId)
            .query(Integer.class)
            .single();
    // the credentials go with their user entity
    jdbc.sql("DELETE FROM user_entities WHERE staff_id = :staff").param("staff", staffId).update();
    return keys;
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
