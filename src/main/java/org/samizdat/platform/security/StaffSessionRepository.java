package org.samizdat.platform.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The newsroom's sessions as Spring Session keeps them, looked up by their principal name (a staff
 * member's e-mail, in any case).
 */
@Repository
class StaffSessionRepository {

  private final JdbcClient jdbc;

  StaffSessionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  int deleteAll(String principalName) {
    return jdbc.sql("DELETE FROM spring_session WHERE lower(principal_name) = lower(:name)")
        .param("name", principalName)
        .update();
  }

  int deleteAllExcept(String principalName, String keepSessionId) {
    return jdbc.sql(
            "DELETE FROM spring_session WHERE lower(principal_name) = lower(:name) AND session_id <> :keep")
        .param("name", principalName)
        .param("keep", keepSessionId)
        .update();
  }

  /** Sessions of this principal that expire after {@code nowMillis} (epoch millis). */
  long countUnexpired(String principalName, long nowMillis) {
    return jdbc.sql(
            "SELECT count(*) FROM spring_session WHERE lower(principal_name) = lower(:name) AND expiry_time > :now")
        .param("name", principalName)
        .param("now", nowMillis)
        .query(Long.class)
        .single();
  }
}
