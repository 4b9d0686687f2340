package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Optional;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.security.LoginThrottle;
import org.samizdat.platform.security.StaffSessions;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of a password sign-in for a member with an authenticator app: the code. Wrong
 * codes slow down like wrong passwords (per account and address).
 */
@Controller
class SecondFactorController {

  private final SecondFactors factors;
  private final LoginThrottle throttle;
  private final StaffSessions sessions;
  private final AuditLog audit;

  SecondFactorController(
      SecondFactors factors, LoginThrottle throttle, StaffSessions sessions, AuditLog audit) {
    this.factors = factors;
    this.throttle = throttle;
    this.sessions = sessions;
    this.audit = audit;
  }

  @GetMapping("/newsroom/login/code")
  String show(Model model) {
    model.addAttribute("page", new LoginPage(null, null));
    return "newsroom/login-code";
  }

  @PostMapping("/newsroom/login/code")
  String check(
      @RequestParam(defaultValue = "") String code,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    String address = request.getRemoteAddr();
    Optional<Duration> wait = throttle.waitFor(me.email(), address);
    if (wait.isPresent()) {
      response.setStatus(429);
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      model.addAttribute(
          "page",
          new LoginPage(
              "Too many wrong codes. Wait " + seconds + " seconds, then try again.", null));
      return "newsroom/login-code";
    }
    if (!factors.verify(me.id(), code)) {
      throttle.recordFailure(me.email(), address);
      audit.record(me.email(), "sign-in-failed", "authenticator code", address);
      response.setStatus(400);
      model.addAttribute(
          "page",
          new LoginPage(
              "That code is not right, or was already used. Type the code your app shows now.",
              null));
      return "newsroom/login-code";
    }
    throttle.recordSuccess(me.email(), address);
    request.changeSessionId();
    sessions.secondFactorDone(request);
    audit.record(me.email(), "sign-in", "authenticator code", address);
    return "redirect:/newsroom";
  }
}
