package org.samizdat.newsroom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.security.SecondFactorCheck;
import org.samizdat.platform.security.SecretBox;
import org.samizdat.platform.security.Totp;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Second factors of staff sign-in: the authenticator app (TOTP, RFC 6238) of each member, and the
 * newsroom's policy whether everyone must have one. Secrets are sealed in the database and never
 * logged; each code is accepted once.
 */
@Service
@Transactional
class SecondFactors implements SecondFactorCheck {

  static final String PURPOSE = "totp";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecondFactorRepository factors;
  private final Clock clock;
  private final SecretBox box;
  private final StaffRepository staff;
  private final AuditLog audit;
  private final StaffPasskeys passkeys;
  private final String issuer;

  SecondFactors(
      SecondFactorRepository factors,
      Clock clock,
      SecretBox box,
      StaffRepository staff,
      AuditLog audit,
      StaffPasskeys passkeys,
      PlatformSettings settings) {
    this.passkeys = passkeys;
    this.factors = factors;
    this.clock = clock;
    this.box = box;
    this.staff = staff;
    this.audit = audit;
    this.issuer = settings.name();
  }

  /** An authenticator app being set up: its secret in Base32 and the otpauth URI for the app. */
  record Enrolment(String secret, String uri) {}

  @Override
  @Transactional(readOnly = true)
  public Need afterPassword(String username) {
    Optional<StaffMember> member = staff.findByEmail(username);
    if (member.isEmpty()) {
      return Need.NOTHING;
    }
    if (hasAuthenticator(member.get().id())) {
      return Need.CODE;
    }
    if (!required()) {
      return Need.NOTHING;
    }
    return passkeys.any(member.get().id()) ? Need.PASSKEY : Need.ENROLMENT;
  }

  @Transactional(readOnly = true)
  boolean required() {
    return factors.required();
  }

  void setRequired(boolean required) {
    var signedIn =
        org.springframework.security.core.context.SecurityContextHolder.getContext()
            .getAuthentication();
    factors.setRequired(
        required, clock.instant(), signedIn == null ? "(system)" : signedIn.getName());
    audit.record(
        "settings-change",
        required ? "second factor required for all staff" : "second factor no longer required");
  }

  @Transactional(readOnly = true)
  boolean hasAuthenticator(long staffId) {
    return factors.hasConfirmed(staffId);
  }

  /** The set-up in progress, if any. */
  @Transactional(readOnly = true)
  Optional<Enrolment> pending(StaffMember member) {
    return factors
        .pendingSecret(member.id())
        .map(boxed -> enrolment(member, box.open(PURPOSE, boxed)));
  }

  /** Starts setting up an authenticator app: a new secret, not yet in force. */
  Enrolment start(StaffMember member) {
    if (hasAuthenticator(member.id())) {
      throw new InputRejected(
          "totp", "You already have an authenticator app; remove it first to set up another.");
    }
    byte[] secret = new byte[20];
    RANDOM.nextBytes(secret);
    factors.startPending(member.id(), box.seal(PURPOSE, secret), clock.instant());
    return enrolment(member, secret);
  }

  /** Puts the app in force once it shows a right code. */
  void confirm(StaffMember member, String code) {
    byte[] boxed =
        factors
            .pendingSecret(member.id())
            .orElseThrow(
                () -> new InputRejected("code", "Start setting up the authenticator app first."));
    OptionalLong step = Totp.matchingStep(box.open(PURPOSE, boxed), code, clock.instant());
    if (step.isEmpty()) {
      throw new InputRejected(
          "code",
          "That code does not match. Check the app shows this account and that your device's"
              + " clock is right, then type the code it shows now.");
    }
    factors.confirm(member.id(), step.getAsLong(), clock.instant());
    audit.record("second-factor-change", member.email() + ": authenticator app added");
  }

  /**
   * Whether this is a right code of the member's app that was not used before; a right code is used
   * up by this call (a replay within its 90-second window is refused).
   */
  boolean verify(long staffId, String code) {
    Optional<byte[]> boxed = factors.confirmedSecretForUpdate(staffId);
    if (boxed.isEmpty()) {
      return false;
    }
    OptionalLong step = Totp.matchingStep(box.open(PURPOSE, boxed.get()), code, clock.instant());
    if (step.isEmpty()) {
      return false;
    }
    return factors.useStep(staffId, step.getAsLong());
  }

  /** Each member's second factors in words, by staff id (members with none are left out). */
  @Transactional(readOnly = true)
  Map<Long, String> summary() {
    return factors.summary();
  }

  /** Removes the member's authenticator app and every passkey (a lost or taken device). */
  void removeAll(StaffMember member) {
    factors.delete(member.id());
    int keys = passkeys.removeAll(member.id());
    audit.record(
        "second-factor-change",
        member.email()
            + ": authenticator app and "
            + (keys == 1 ? "1 passkey" : keys + " passkeys")
            + " removed by an admin");
  }

  void remove(StaffMember member) {
    factors.delete(member.id());
    audit.record("second-factor-change", member.email() + ": authenticator app removed");
  }

  private Enrolment enrolment(StaffMember member, byte[] secret) {
    String base32 = Totp.base32(secret);
    String label = enc(issuer) + ":" + enc(member.email());
    return new Enrolment(
        base32,
        "otpauth://totp/"
            + label
            + "?secret="
            + base32
            + "&issuer="
            + enc(issuer)
            + "&algorithm=SHA1&digits=6&period="
            + Totp.STEP_SECONDS);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
