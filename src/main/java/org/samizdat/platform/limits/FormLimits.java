package org.samizdat.platform.limits;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.samizdat.platform.security.AppSecrets;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Limits on the forms that make the site send an e-mail ("remind me", "manage my support", the
 * newsletter), so nobody can use them to mail-bomb strangers from the newsroom's domain. Counters
 * are rows in PostgreSQL, so every node counts the same client; they hold keyed hashes of the
 * client address and the recipient, never either one, and go when their window is over.
 */
@Service
public class FormLimits {

  private final FormLimitRepository counters;
  private final AppSecrets secrets;
  private final FormLimitSettings settings;
  private final Clock clock;

  FormLimits(
      FormLimitRepository counters, AppSecrets secrets, FormLimitSettings settings, Clock clock) {
    this.counters = counters;
    this.secrets = secrets;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Counts one use of a mail form by a client; refuses when the client has used such forms too
   * often this minute or this day. A refused use counts too, so hammering does not help. Call it
   * before anything else the form does.
   *
   * @param client the client's IP address
   * @throws TooManyRequests with the time until the client may try again
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void client(String client) {
    Instant now = clock.instant();
    Duration wait =
        max(
            hit("client", client, Duration.ofMinutes(1), settings.perClientPerMinute(), now),
            hit("client", client, Duration.ofDays(1), settings.perClientPerDay(), now));
    if (!wait.isZero()) {
      throw new TooManyRequests(wait);
    }
  }

  /**
   * Counts one mail a form is about to send to an address (valid or not, known or not, so the
   * answer tells nothing about the address); refuses when that form has mailed it too often this
   * hour.
   *
   * @param form which form, e.g. {@code reminder}
   * @throws TooManyRequests with the time until the address may be mailed again
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void recipient(String form, String recipient) {
    Duration wait =
        hit(
            form + "-recipient",
            recipient.strip().toLowerCase(Locale.ROOT),
            Duration.ofHours(1),
            settings.perRecipientPerHour(),
            clock.instant());
    if (!wait.isZero()) {
      throw new TooManyRequests(wait);
    }
  }

  /** Counts one hit in the current window; returns how long until it has room, or zero. */
  private Duration hit(String kind, String key, Duration window, int limit, Instant now) {
    long seconds = window.toSeconds();
    Instant start = Instant.ofEpochSecond(now.getEpochSecond() / seconds * seconds);
    Instant end = start.plus(window);
    int hits = counters.hit(hash(kind + "/" + seconds + "/" + key), start, end);
    return hits > limit ? Duration.between(now, end) : Duration.ZERO;
  }

  /** Deletes counters whose window is over; on any node, every few minutes. */
  @Scheduled(fixedDelayString = "5m", initialDelayString = "2m")
  @Transactional
  public int deleteExpired() {
    return counters.deleteExpired(clock.instant());
  }

  private byte[] hash(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              secrets.get("form-limits").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
