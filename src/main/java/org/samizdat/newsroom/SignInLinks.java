package org.samizdat.newsroom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.samizdat.platform.InputRejected;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time sign-in links: a random token shown once (the first admin's, printed at start-up), kept
 * only as its SHA-256, valid for a day, used once to choose a password.
 */
@Service
@Transactional
class SignInLinks {

  static final Duration LIFETIME = Duration.ofHours(24);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SignInLinkRepository links;
  private final Clock clock;
  private final StaffDirectory staff;

  SignInLinks(SignInLinkRepository links, Clock clock, StaffDirectory staff) {
    this.links = links;
    this.clock = clock;
    this.staff = staff;
  }

  /** A new link for this member; their earlier unused links stop working. Returns the token. */
  String issue(long staffId) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    links.deleteUnused(staffId);
    links.insert(new SignInLinkRepository.NewLink(hash(token), staffId, now, now.plus(LIFETIME)));
    return token;
  }

  /** The member a link still opens, if it is unused and not expired. */
  @Transactional(readOnly = true)
  Optional<StaffMember> holder(String token) {
    return validStaffId(token, false).flatMap(staff::find);
  }

  /**
   * Uses the link: the password is checked first (a mistyped one leaves the link usable), then the
   * link is spent and the password set in one transaction. Empty when the link no longer works.
   */
  Optional<StaffMember> redeem(String token, String password, String confirmation) {
    if (password != null && !password.equals(confirmation)) {
      throw new InputRejected("confirmation", "The two passwords differ; type the same one twice.");
    }
    Optional<Long> id = validStaffId(token, true);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    staff.changePassword(id.get(), password, null);
    links.markUsed(hash(token), clock.instant());
    return staff.find(id.get());
  }

  private Optional<Long> validStaffId(String token, boolean lock) {
    if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
      return Optional.empty();
    }
    return links.validStaffId(hash(token), clock.instant(), lock);
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
