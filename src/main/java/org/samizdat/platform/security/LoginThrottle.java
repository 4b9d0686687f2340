package org.samizdat.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing without locking the owner out. Failed sign-ins are kept in PostgreSQL (so
 * every node sees them) per account and address: after a few free ones, each further failure from
 * that address to that account doubles the wait before the next attempt (1 s, 2 s, 4 s ... up to a
 * cap). Someone guessing from elsewhere never delays the owner signing in from their own address.
 * An address that fails against many accounts waits the same way.
 */
@Component
public class LoginThrottle {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  private final LoginFailureRepository failures;
  private final Clock clock;
  private final SecuritySettings settings;

  LoginThrottle(LoginFailureRepository failures, Clock clock, SecuritySettings settings) {
    this.failures = failures;
    this.clock = clock;
    this.settings = settings;
  }

  /** How long this account must wait before it may try again from this address, if at all. */
  public Optional<Duration> waitFor(String email, String address) {
    if (address == null || address.isBlank()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    LoginFailureRepository.Failures f =
        failures.since(normalise(email), address, now.minus(settings.loginWindow()));
    Instant allowedAt = Instant.MIN;
    if (f.pair() > 0) {
      allowedAt = f.lastOfPair().plus(delay(f.pair(), settings.loginFreeFailures()));
    }
    if (f.address() > 0) {
      Instant byAddress =
          f.lastOfAddress().plus(delay(f.address(), settings.maxFailuresPerAddress()));
      allowedAt = byAddress.isAfter(allowedAt) ? byAddress : allowedAt;
    }
    Duration wait = allowedAt.isAfter(now) ? Duration.between(now, allowedAt) : Duration.ZERO;
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** The wait after {@code failures} failures of which {@code free} cost nothing. */
  Duration delay(long failures, int free) {
    long beyond = failures - free;
    if (beyond <= 0) {
      return Duration.ZERO;
    }
    Duration max = settings.loginMaxDelay();
    if (beyond > 40) {
      return max;
    }
    Duration d = Duration.ofSeconds(1L << (beyond - 1));
    return d.compareTo(max) > 0 ? max : d;
  }

  public void recordFailure(String email, String address) {
    failures.insert(normalise(email), address, clock.instant());
    // the account name is what the visitor typed: control characters could forge log lines
    log.warn("Failed sign-in to the newsroom for account '{}' from {}", printable(email), address);
  }

  /** The owner got in from this address: their own earlier typos there stop counting. */
  public void recordSuccess(String email, String address) {
    failures.delete(normalise(email), address);
  }

  /** Keeps the table small; run from the scheduler. */
  @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
  void forgetOldFailures() {
    failures.deleteBefore(clock.instant().minus(Duration.ofDays(1)));
  }

  static String printable(String email) {
    return normalise(email).replaceAll("\\p{Cntrl}", "?");
  }

  private static String normalise(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }
}
