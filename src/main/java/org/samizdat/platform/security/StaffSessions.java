package org.samizdat.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The newsroom's sessions, kept in PostgreSQL by Spring Session. Ending someone's sessions deletes
 * their rows, inside the caller's transaction: the change that ends them (account disabled, role or
 * password changed, "sign out everywhere") and the end itself commit together, and every node finds
 * no session on the next request.
 */
@Component
public class StaffSessions {

  /** Session attribute: when this sign-in happened (epoch millis of the injected clock). */
  public static final String SIGNED_IN_AT = "samizdat.signedInAt";

  /**
   * Session attribute: what this sign-in still needs ({@link SecondFactorCheck.Need} name), while
   * only the code page or the account screen are open to it.
   */
  public static final String SECOND_FACTOR_NEED = "samizdat.secondFactorNeed";

  private final StaffSessionRepository sessions;
  private final Clock clock;

  StaffSessions(StaffSessionRepository sessions, Clock clock) {
    this.sessions = sessions;
    this.clock = clock;
  }

  /** Ends every session of this staff member (their e-mail is the session's principal name). */
  public int endAll(String principalName) {
    return sessions.deleteAll(principalName);
  }

  /** Ends every session of this staff member but the one they are using. */
  public int endAllExcept(String principalName, String keepSessionId) {
    return sessions.deleteAllExcept(principalName, keepSessionId == null ? "" : keepSessionId);
  }

  /** How many sessions this staff member has open (for the account screen). */
  public long count(String principalName) {
    return sessions.countUnexpired(principalName, clock.millis());
  }

  /** Marks the request's session as signed in now; the absolute lifetime counts from here. */
  public void signedIn(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    session.setAttribute(SIGNED_IN_AT, clock.millis());
  }

  /** The second factor is done: the whole newsroom opens. */
  public void secondFactorDone(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(SECOND_FACTOR_NEED);
    }
  }

  Instant now() {
    return clock.instant();
  }
}
