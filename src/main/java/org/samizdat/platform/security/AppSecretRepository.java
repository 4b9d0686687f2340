package org.samizdat.platform.security;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The app's own keys, one row per name; a row, once written, is never replaced. */
@Repository
class AppSecretRepository {

  private final JdbcClient jdbc;

  AppSecretRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores this value under the name unless a value is there already (another node's, say). */
  void insertIfAbsent(String name, String value, Instant now) {
    jdbc.sql(
            "INSERT INTO app_secret (name, value, created_at) VALUES (:name, :value, :now) ON CONFLICT (name) DO NOTHING")
        .param("name", name)
        .param("value", value)
        .param("now", Timestamp.from(now))
        .update();
  }

  String value(String name) {
    return jdbc.sql("SELECT value FROM app_secret WHERE name = :name")
        .param("name", name)
        .query(String.class)
        .single();
  }
}
