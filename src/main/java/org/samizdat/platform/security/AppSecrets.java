package org.samizdat.platform.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Keys the app makes for itself, kept in PostgreSQL so every node signs and verifies with the same
 * one. Created on first use; never logged.
 */
@Component
public class AppSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final AppSecretRepository secrets;
  private final Clock clock;
  private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

  AppSecrets(AppSecretRepository secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  public String get(String name) {
    return cache.computeIfAbsent(name, this::loadOrCreate);
  }

  private String loadOrCreate(String name) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    secrets.insertIfAbsent(
        name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), clock.instant());
    return secrets.value(name);
  }
}
