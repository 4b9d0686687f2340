package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.security.StaffSessions;
import org.samizdat.platform.web.BadRequestException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Every staff member's own account: password, second factors, "sign out everywhere". */
@Controller
class AccountController {

  private final StaffDirectory staff;
  private final StaffSessions sessions;
  private final PasswordEncoder passwords;

  private final AuditLog audit;
  private final SecondFactors factors;
  private final StaffPasskeys passkeys;

  AccountController(
      StaffDirectory staff,
      StaffSessions sessions,
      PasswordEncoder passwords,
      AuditLog audit,
      SecondFactors factors,
      StaffPasskeys passkeys) {
    this.passkeys = passkeys;
    this.audit = audit;
    this.factors = factors;
    this.staff = staff;
    this.sessions = sessions;
    this.passwords = passwords;
  }

  @GetMapping("/newsroom/account")
  String show(@AuthenticationPrincipal StaffPrincipal me, HttpServletRequest request, Model model) {
    AccountPage page = page(me, Map.of());
    var session = request.getSession(false);
    if (session != null
        && "ENROLMENT".equals(session.getAttribute(StaffSessions.SECOND_FACTOR_NEED))
        && page.hasSecondFactor()) {
      // a sign-in held here until a second factor was set up (a passkey, added by the page's
      // script) may now go anywhere
      sessions.secondFactorDone(request);
    }
    model.addAttribute("page", page);
    return "newsroom/account";
  }

  /** Where the page's script goes once Spring Security has registered a new passkey. */
  @GetMapping("/newsroom/account/passkeys/added")
  String passkeyAdded(RedirectAttributes redirect) {
    redirect.addFlashAttribute(
        "flash",
        "Passkey added. Next time, choose \"Sign in with a passkey\" on the sign-in page: no"
            + " password needed.");
    return "redirect:/newsroom/account#passkeys";
  }

  @PostMapping("/newsroom/account/passkeys/{id}/delete")
  String removePasskey(
      @AuthenticationPrincipal StaffPrincipal me,
      @PathVariable String id,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    if (!passkeys.remove(me.id(), id)) {
      response.setStatus(404);
      model.addAttribute(
          "page", page(me, Map.of("passkey", "You have no such passkey (already removed?).")));
      return "newsroom/account";
    }
    redirect.addFlashAttribute(
        "flash", "Passkey removed: it can no longer sign in to this newsroom.");
    return "redirect:/newsroom/account#passkeys";
  }

  @PostMapping("/newsroom/account/password")
  String changePassword(
      @AuthenticationPrincipal StaffPrincipal me,
      @RequestParam(defaultValue = "") String current,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String confirmation,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    try {
      if (!staff.passwordMatches(me.id(), current, passwords)) {
        throw new InputRejected("current", "Your current password is not right.");
      }
      if (!password.equals(confirmation)) {
        throw new InputRejected("confirmation", "The two new passwords differ.");
      }
      staff.changePassword(me.id(), password, request.getSession().getId());
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", page(me, e.problems()));
      return "newsroom/account";
    }
    redirect.addFlashAttribute(
        "flash", "Password changed. Your other sessions, on any device, have ended.");
    return "redirect:/newsroom/account";
  }

  /** An editor's choice: an e-mail for each draft marked "Ready for review", or none. */
  @PostMapping("/newsroom/account/review-mail")
  String reviewMail(
      @AuthenticationPrincipal StaffPrincipal me,
      @RequestParam(defaultValue = "false") String reviewMail,
      RedirectAttributes redirect) {
    if (!me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins review articles.");
    }
    boolean wanted =
        switch (reviewMail) {
          case "true", "on" -> true;
          case "false", "off" -> false;
          default ->
              throw new BadRequestException(
                  "reviewMail is 'true' or 'false' (ticked or not), not '" + reviewMail + "'.");
        };
    staff.chooseReviewMail(me.id(), wanted);
    redirect.addFlashAttribute(
        "flash",
        wanted
            ? "You will get an e-mail whenever a draft is ready for review."
            : "No more e-mails about drafts ready for review.");
    return "redirect:/newsroom/account#review-mail";
  }

  @PostMapping("/newsroom/account/sign-out-everywhere")
  String signOutEverywhere(@AuthenticationPrincipal StaffPrincipal me, HttpServletRequest request) {
    int ended = staff.signOutEverywhere(me.id());
    audit.record("sign-out-everywhere", Format.count(ended, "session", "sessions") + " ended");
    var session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    SecurityContextHolder.clearContext();
    return "redirect:/newsroom/login?logout";
  }

  @PostMapping("/newsroom/account/totp/start")
  String startAuthenticator(
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    try {
      factors.start(member(me));
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", page(me, e.problems()));
      return "newsroom/account";
    }
    return "redirect:/newsroom/account#authenticator";
  }

  @PostMapping("/newsroom/account/totp/confirm")
  String confirmAuthenticator(
      @AuthenticationPrincipal StaffPrincipal me,
      @RequestParam(defaultValue = "") String code,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    try {
      factors.confirm(member(me), code);
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", page(me, e.problems()));
      return "newsroom/account";
    }
    // a sign-in held at this screen until a second factor was set up may now go anywhere
    sessions.secondFactorDone(request);
    redirect.addFlashAttribute(
        "flash",
        "Authenticator app added: signing in with your password now also asks for a code.");
    return "redirect:/newsroom/account";
  }

  @PostMapping("/newsroom/account/totp/remove")
  String removeAuthenticator(
      @AuthenticationPrincipal StaffPrincipal me,
      @RequestParam(defaultValue = "") String code,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    if (!factors.verify(me.id(), code)) {
      response.setStatus(400);
      model.addAttribute(
          "page",
          page(
              me,
              Map.of(
                  "code",
                  "To remove the authenticator app, type a new code it shows (not one used before).")));
      return "newsroom/account";
    }
    factors.remove(member(me));
    redirect.addFlashAttribute("flash", "Authenticator app removed.");
    return "redirect:/newsroom/account";
  }

  private StaffMember member(StaffPrincipal me) {
    return staff.find(me.id()).orElseThrow();
  }

  private AccountPage page(StaffPrincipal me, Map<String, String> errors) {
    StaffMember member = member(me);
    var pending = factors.pending(member);
    return new AccountPage(
        me.email(),
        me.role(),
        sessions.count(me.email()),
        factors.hasAuthenticator(me.id()),
        pending.map(SecondFactors.Enrolment::secret).orElse(null),
        pending.map(SecondFactors.Enrolment::uri).orElse(null),
        factors.required(),
        passkeys.of(me.id()),
        errors,
        staff.wantsReviewMail(me.id()));
  }
}
