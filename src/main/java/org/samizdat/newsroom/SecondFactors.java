package org.samizdat.newsroom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.security.SecondFactorCheck;
import org.samizdat.platform.security.SecretBox;
import org.samizdat.platform.security.Totp;
import org.springframework.jdbc.core.simple.JdbcClient;
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

  private final JdbcClient jdbc;
  private final Clock clock;
  private final SecretBox box;
  private final StaffRepository staff;
  private final AuditLog audit;
  private final StaffPasskeys passkeys;
  private final String issuer;

  SecondFactors(
      JdbcClient jdbc,
      Clock clock,
      SecretBox box,
      StaffRepository staff,
      AuditLog audit,
      StaffPasskeys passkeys,
      PlatformSettings settings) {
    this.passkeys = passkeys;
    this.jdbc = jdbc;
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
    return jdbc.sql("SELECT second_factor_required FROM staff_sign_in_policy WHERE id = 1")
        .query(Boolean.class)
        .single();
  }

  void setRequired(boolean required) {
    jdbc.sql(
            """
            UPDATE staff_sign_in_policy
            SET second_factor_required = :required, changed_at = :now, changed_by = :by
            WHERE id = 1
            """)
        .param("required", required)
        .param("now", Timestamp.from(clock.instant()))
        .param(
            "by",
            org.springframework.security.core.context.SecurityContextHolder.getContext()
                        .getAuthentication()
                    == null
                ? "(system)"
                : org.springframework.security.core.context.SecurityContextHolder.getContext()
                    .getAuthentication()
                    .getName())
        .update();
    audit.record(
        "settings-change",
        required ? "second factor required for all staff" : "second factor no longer required");
  }

  @Transactional(readOnly = true)
  boolean hasAuthenticator(long staffId) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM staff_totp WHERE staff_id = :id AND confirmed_at IS NOT NULL)")
        .param("id", staffId)
        .query(Boolean.class)
        .single();
  }

  /** The set-up in progress, if any. */
  @Transactional(readOnly = true)
  Optional<Enrolment> pending(StaffMember member) {
    return jdbc.sql("SELECT secret FROM staff_totp WHERE staff_id = :id AND confirmed_at IS NULL")
        .param("id", member.id())
        .query((rs, n) -> rs.getBytes(1))
        .optional()
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
    jdbc.sql(
            """
            INSERT INTO staff_totp (staff_id, secret, created_at) VALUES (:id, :secret, :now)
            ON CONFLICT (staff_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at,
              confirmed_at = NULL, last_step = NULL
            """)
        .param("id", member.id())
        .param("secret", box.seal(PURPOSE, secret))
        .param("now", Timestamp.from(clock.instant()))
        .update();
    return enrolment(member, secret);
  }

  /** Puts the app in force once it shows a right code. */
  void confirm(StaffMember member, String code) {
    byte[] boxed =
        jdbc.sql("SELECT secret FROM staff_totp WHERE staff_id = :id AND confirmed_at IS NULL")
            .param("id", member.id())
            .query((rs, n) -> rs.getBytes(1))
            .optional()
            .orElseThrow(
                () -> new InputRejected("code", "Start setting up the authenticator app first."));
    OptionalLong step = Totp.matchingStep(box.open(PURPOSE, boxed), code, clock.instant());
    if (step.isEmpty()) {
      throw new InputRejected(
          "code",
          "That code does not match. Check the app shows this account and that your device's"
              + " clock is right, then type the code it shows now.");
    }
    jdbc.sql("UPDATE staff_totp SET confirmed_at = :now, last_step = :step WHERE staff_id = :id")
        .param("now", Timestamp.from(clock.instant()))
        .param("step", step.getAsLong())
        .param("id", member.id())
        .update();
    audit.record("second-factor-change", member.email() + ": authenticator app added");
  }

  /**
   * Whether this is a right code of the member's app that was not used before; a right code is used
   * up by this call (a replay within its 90-second window is refused).
   */
  boolean verify(long staffId, String code) {
    Optional<byte[]> boxed =
        jdbc.sql(
                "SELECT secret FROM staff_totp WHERE staff_id = :id AND confirmed_at IS NOT NULL FOR UPDATE")
            .param("id", staffId)
            .query((rs, n) -> rs.getBytes(1))
            .optional();
    if (boxed.isEmpty()) {
      return false;
    }
    OptionalLong step = Totp.matchingStep(box.open(PURPOSE, boxed.get()), code, clock.instant());
    if (step.isEmpty()) {
      return false;
    }
    return jdbc.sql(
                """
                UPDATE staff_totp SET last_step = :step
                WHERE staff_id = :id AND (last_step IS NULL OR last_step < :step)
                """)
            .param("step", step.getAsLong())
            .param("id", staffId)
            .update()
        == 1;
  }

  /** Each member's second factors in words, by staff id (members with none are left out). */
  @Transactional(readOnly = true)
  Map<Long, String> summary() {
    Map<Long, String> out = new HashMap<>();
    jdbc.sql(
            """
            SELECT s.id,
              EXISTS (SELECT 1 FROM staff_totp t WHERE t.staff_id = s.id AND t.confirmed_at IS NOT NULL),
              (SELECT count(*) FROM user_credentials c JOIN user_entities u ON u.id = c.user_entity_user_id
               WHERE u.staff_id = s.id)
            FROM staff_user s
            """)
        .query(
            rs -> {
              List<String> parts = new ArrayList<>();
              if (rs.getBoolean(2)) {
                parts.add("authenticator app");
              }
              long keys = rs.getLong(3);
              if (keys > 0) {
                parts.add(keys + (keys == 1 ? " passkey" : " passkeys"));
              }
              if (!parts.isEmpty()) {
                out.put(rs.getLong(1), String.join(", ", parts));
              }
            });
    return out;
  }

  /** Removes the member's authenticator app and every passkey (a lost or taken device). */
  void removeAll(StaffMember member) {
    jdbc.sql("DELETE FROM staff_totp WHERE staff_id = :id").param("id", member.id()).update();
    int keys = passkeys.removeAll(member.id());
    audit.record(
        "second-factor-change",
        member.email()
            + ": authenticator app and "
            + (keys == 1 ? "1 passkey" : keys + " passkeys")
            + " removed by an admin");
  }

  void remove(StaffMember member) {
    jdbc.sql("DELETE FROM staff_totp WHERE staff_id = :id").param("id", member.id()).update();
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
