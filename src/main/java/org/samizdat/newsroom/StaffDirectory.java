package org.samizdat.newsroom;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.security.StaffSessions;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts: who may sign in to the newsroom and with which role. */
@Service
@Transactional
class StaffDirectory implements UserDetailsService {

  static final int MIN_PASSWORD = 12;
  private static final Pattern EMAIL =
      Pattern.compile(
          "^[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{1,60}$|^[^@\\s]{1,64}@localhost$|^[^@\\s]{1,64}@[^@\\s.]{1,63}\\.local$");
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final StaffRepository staff;
  private final PasswordEncoder passwords;
  private final Clock clock;
  private final StaffSessions sessions;

  private final AuditLog audit;

  StaffDirectory(
      StaffRepository staff,
      PasswordEncoder passwords,
      Clock clock,
      StaffSessions sessions,
      AuditLog audit) {
    this.audit = audit;
    this.staff = staff;
    this.passwords = passwords;
    this.clock = clock;
    this.sessions = sessions;
  }

  @Override
  @Transactional(readOnly = true)
  public UserDetails loadUserByUsername(String email) {
    if (email == null || email.isBlank()) {
      throw new UsernameNotFoundException("No e-mail given");
    }
    StaffMember m =
        staff
            .findByEmail(email)
            .orElseThrow(() -> new UsernameNotFoundException("No such staff member"));
    // no password yet (the first admin before using their sign-in link): nothing can match
    String hash =
        staff
            .passwordHash(m.id())
            .orElseThrow(() -> new UsernameNotFoundException("No password chosen yet"));
    return new StaffPrincipal(m.id(), m.email(), m.displayName(), m.role(), hash, m.enabled());
  }

  @Transactional(readOnly = true)
  public List<StaffMember> all() {
    return staff.all();
  }

  @Transactional(readOnly = true)
  public Optional<StaffMember> find(long id) {
    return staff.find(id);
  }

  @Transactional(readOnly = true)
  public boolean isEmpty() {
    return staff.count() == 0;
  }

  public long create(
      String email, String displayName, String password, StaffRole role, Long authorId) {
    Map<String, String> problems = new LinkedHashMap<>();
    String e = email == null ? "" : email.trim();
    if (!EMAIL.matcher(e).matches() || e.length() > 254) {
      problems.put("email", "Enter an e-mail address like name@example.org.");
    } else if (staff.emailTaken(e, -1)) {
      problems.put("email", "There is already a staff member with this e-mail.");
    }
    checkName(displayName, problems);
    checkPassword(password, problems);
    if (role == null) {
      problems.put("role", "Choose a role.");
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    long id =
        staff.insert(
            new StaffRepository.NewMember(
                e, displayName, passwords.encode(password), role, authorId, clock.instant()));
    audit.record("staff-create", e + " as " + role);
    return id;
  }

  @Transactional(readOnly = true)
  public boolean wantsReviewMail(long id) {
    return staff.reviewMail(id);
  }

  /** An editor's choice of an e-mail per draft ready for review; authors review nothing. */
  public void chooseReviewMail(long id, boolean wanted) {
    StaffMember m =
        staff.find(id).orElseThrow(() -> new InputRejected("id", "No such staff member."));
    if (!m.role().canPublish()) {
      throw new InputRejected("reviewMail", "Only editors and admins review articles.");
    }
    staff.setReviewMail(id, wanted);
    audit.record(wanted ? "review-mail-on" : "review-mail-off", m.email());
  }

  @Transactional(readOnly = true)
  public List<StaffMember> reviewMailRecipients() {
    return staff.reviewMailRecipients();
  }

  public void update(long id, String displayName, StaffRole role, Long authorId, boolean enabled) {
    StaffMember current =
        staff.find(id).orElseThrow(() -> new InputRejected("id", "No such staff member."));
    Map<String, String> problems = new LinkedHashMap<>();
    checkName(displayName, problems);
    boolean losesAdmin =
        current.role() == StaffRole.ADMIN
            && current.enabled()
            && (role != StaffRole.ADMIN || !enabled);
    if (losesAdmin && staff.activeAdmins() <= 1) {
      problems.put("role", "This is the last active admin; make someone else an admin first.");
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    staff.update(id, displayName, role, authorId, enabled);
    if (current.role() != role) {
      audit.record("staff-role-change", current.email() + ": " + current.role() + " → " + role);
    }
    if (current.enabled() != enabled) {
      audit.record(enabled ? "staff-enable" : "staff-disable", current.email());
    }
    if (current.role() != role || (current.enabled() && !enabled)) {
      // a session carries the role it signed in with: it must not outlive the change
      sessions.endAll(current.email());
    }
  }

  /**
   * Sets a new password and ends the member's other sessions (all of them unless {@code
   * keepSessionId} is the one they are using to change it).
   */
  public void changePassword(long id, String password, String keepSessionId) {
    Map<String, String> problems = new LinkedHashMap<>();
    checkPassword(password, problems);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    StaffMember member =
        staff.find(id).orElseThrow(() -> new InputRejected("id", "No such staff member."));
    staff.setPassword(id, passwords.encode(password));
    sessions.endAllExcept(member.email(), keepSessionId);
    audit.record("password-change", member.email());
  }

  @Transactional(readOnly = true)
  boolean passwordMatches(long id, String password, PasswordEncoder encoder) {
    return staff.passwordHash(id).map(hash -> encoder.matches(password, hash)).orElse(false);
  }

  /** "Sign out everywhere": every session of this member ends, this one included. */
  public int signOutEverywhere(long id) {
    return staff.find(id).map(m -> sessions.endAll(m.email())).orElse(0);
  }

  /** Creates an account with no password yet (the first admin, who chooses one by link). */
  long createWithoutPassword(String email, String displayName, StaffRole role) {
    return staff.insert(
        new StaffRepository.NewMember(email, displayName, null, role, null, clock.instant()));
  }

  @Transactional(readOnly = true)
  boolean anyoneCanSignIn() {
    return staff.anyoneWithPassword();
  }

  static String generatePassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static void checkName(String name, Map<String, String> problems) {
    if (name == null
        || name.trim().isEmpty()) { // trim(), as stored: it also drops control characters
      problems.put("displayName", "Enter the name shown in the newsroom.");
    } else if (name.trim().length() > 120) {
      problems.put("displayName", "Keep the name to 120 characters.");
    }
  }

  private static void checkPassword(String password, Map<String, String> problems) {
    if (password == null || password.length() < MIN_PASSWORD) {
      problems.put("password", "Use a password of at least " + MIN_PASSWORD + " characters.");
    } else if (password.length() > 128) {
      problems.put("password", "Keep the password to 128 characters.");
    }
  }
}
