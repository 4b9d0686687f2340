package org.samizdat.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: failed sign-ins are kept in PostgreSQL (so every node sees them), and an
 * account or an address with too many recent failures is refused for a while.
 */
@Component
public class LoginThrottle {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final SecuritySettings settings;

  LoginThrottle(JdbcClient jdbc, Clock clock, SecuritySettings settings) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.settings = settings;
  }

  /** When sign-in is refused for this account or address, how long until it is allowed again. */
  public Optional<Duration> lockedFor(String email, String address) {
    Instant now = clock.instant();
    Instant since = now.minus(settings.loginWindow());
    Optional<Instant> byAccount =
        oldestBlockingFailure("email", normalise(email), since, settings.maxFailuresPerAccount());
    Optional<Instant> byAddress =
        oldestBlockingFailure("address", address, since, settings.maxFailuresPerAddress());
    return byAccount
        .or(() -> byAddress)
        .map(oldest -> Duration.between(now, oldest.plus(settings.loginWindow())))
        .filter(d -> !d.isNegative() && !d.isZero());
  }

  private Optional<Instant> oldestBlockingFailure(
      String column, String value, Instant since, int max) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    // The failure that must age out of the window before one more attempt is allowed.
    return jdbc.sql(
            """
            SELECT failed_at FROM login_failure
            WHERE %s = :value AND failed_at > :since
            ORDER BY failed_at DESC OFFSET :skip LIMIT 1
            """
                .formatted(column))
        .param("value", value)
        .param("since", java.sql.Timestamp.from(since))
        .param("skip", max - 1)
        .query((rs, n) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  public void recordFailure(String email, String address) {
    jdbc.sql("INSERT INTO login_failure (email, address, failed_at) VALUES (:email, :address, :at)")
        .param("email", normalise(email))
        .param("address", address)
        .param("at", java.sql.Timestamp.from(clock.instant()))
        .update();
    // the account name is what the visitor typed: control characters could forge log lines
    log.warn(
        "Failed sign-in to the newsroom for account '{}' from {}",
        normalise(email).replaceAll("\\p{Cntrl}", "?"),
        address);
  }

  public void recordSuccess(String email) {
    jdbc.sql("DELETE FROM login_failure WHERE email = :email")
        .param("email", normalise(email))
        .update();
  }

  /** Keeps the table small; run from the scheduler. */
  @org.springframework.scheduling.annotation.Scheduled(
      fixedDelayString = "PT1H",
      initialDelayString = "PT5M")
  void forgetOldFailures() {
    jdbc.sql("DELETE FROM login_failure WHERE failed_at < :before")
        .param("before", java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(1))))
        .update();
  }

  private static String normalise(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }
}
