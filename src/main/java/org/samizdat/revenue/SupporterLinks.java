package org.samizdat.revenue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * How a reader reaches their own support without an account: the e-mailed link carries a random
 * token that works once, within {@code samizdat.revenue.manage-link-lifetime}, and opens a short
 * session (its random id in the page's address, so no cookie is set). Only SHA-256 hashes are
 * stored: the table opens nothing for whoever copies it, and no address is ever in a URL.
 */
@Component
class SupporterLinks {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();

  private final SupporterAccessRepository access;
  private final Clock clock;
  private final RevenueSettings settings;

  SupporterLinks(SupporterAccessRepository access, Clock clock, RevenueSettings settings) {
    this.access = access;
    this.clock = clock;
    this.settings = settings;
  }

  /** A new single-use link token for a supporter. */
  String issueLink(long supporterId) {
    return issue("LINK", supporterId, settings.manageLinkLifetime());
  }

  /** Whether a link token would still open a session (without using it up). */
  boolean linkValid(String token) {
    byte[] hash = hash(token);
    return hash != null && access.linkValid(hash, clock.instant());
  }

  /**
   * Uses up a link token and opens a session for its supporter; empty if the token is unknown, used
   * or expired. Two clicks at once: one wins, the other gets nothing.
   */
  @Transactional
  public Optional<String> redeem(String token) {
    byte[] hash = hash(token);
    if (hash == null) {
      return Optional.empty();
    }
    return access
        .takeLink(hash, clock.instant())
        .map(supporter -> issue("SESSION", supporter, settings.manageSessionLifetime()));
  }

  /** The supporter a session belongs to, while it lasts. */
  Optional<Long> session(String token) {
    byte[] hash = hash(token);
    if (hash == null) {
      return Optional.empty();
    }
    return access.sessionSupporter(hash, clock.instant());
  }

  /** Ends a session before its time. */
  void end(String token) {
    byte[] hash = hash(token);
    if (hash != null) {
      access.deleteSession(hash);
    }
  }

  /** Deletes links and sessions past their time; on any node, every few minutes. */
  @Scheduled(fixedDelayString = "5m", initialDelayString = "1m")
  int deleteExpired() {
    return access.deleteExpired(clock.instant());
  }

  private String issue(String kind, long supporterId, Duration lifetime) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = ENCODE.encodeToString(bytes);
    Instant now = clock.instant();
    access.insert(hash(token), kind, supporterId, now.plus(lifetime));
    return token;
  }

  /** Null for anything that cannot be one of our tokens: 43 URL-safe base64 characters. */
  private static byte[] hash(String token) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      return null;
    }
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
