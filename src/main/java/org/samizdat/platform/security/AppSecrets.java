package org.samizdat.platform.security;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keys the app makes for itself, kept in PostgreSQL so every node signs and verifies with the same
 * one. Created on first use; never logged.
 */
@Component
public class AppSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final JdbcClient jdbc;
  private final Clock clock;
  private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

  AppSecrets(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public String get(String name) {
    return cache.computeIfAbsent(name, this::loadOrCreate);
  }

  private String loadOrCreate(String name) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    jdbc.sql(
            "INSERT INTO app_secret (name, value, created_at) VALUES (:name, :value, :now) ON CONFLICT (name) DO NOTHING")
        .param("name", name)
        .param("value", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
        .param("now", Timestamp.from(clock.instant()))
        .update();
    return jdbc.sql("SELECT value FROM app_secret WHERE name = :name")
        .param("name", name)
        .query(String.class)
        .single();
  }
}
