package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.security.StaffSessions;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A one-time sign-in link: choose a password, and be signed in. Opening the link (a GET, which mail
 * scanners and link previews also do) spends nothing; only the form does.
 */
@Controller
class WelcomeController {

  private final SignInLinks links;
  private final StaffDirectory staff;
  private final StaffSessions sessions;
  private final HttpSessionSecurityContextRepository contexts =
      new HttpSessionSecurityContextRepository();

  private final AuditLog audit;

  WelcomeController(
      SignInLinks links, StaffDirectory staff, StaffSessions sessions, AuditLog audit) {
    this.audit = audit;
    this.links = links;
    this.staff = staff;
    this.sessions = sessions;
  }

  @GetMapping("/newsroom/welcome/{token}")
  String show(@PathVariable String token, HttpServletResponse response, Model model) {
    Optional<StaffMember> holder = links.holder(token);
    if (holder.isEmpty()) {
      return spent(response, model);
    }
    model.addAttribute("page", new WelcomePage(holder.get().email(), token, Map.of()));
    return "newsroom/welcome";
  }

  @PostMapping("/newsroom/welcome/{token}")
  String choose(
      @PathVariable String token,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String confirmation,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    Optional<StaffMember> member;
    try {
      member = links.redeem(token, password, confirmation);
    } catch (InputRejected e) {
      Optional<StaffMember> holder = links.holder(token);
      if (holder.isEmpty()) {
        return spent(response, model);
      }
      response.setStatus(400);
      model.addAttribute("page", new WelcomePage(holder.get().email(), token, e.problems()));
      return "newsroom/welcome";
    }
    if (member.isEmpty()) {
      return spent(response, model);
    }
    StaffPrincipal principal = (StaffPrincipal) staff.loadUserByUsername(member.get().email());
    principal.eraseCredentials();
    request.getSession(true);
    request.changeSessionId();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            principal, null, principal.getAuthorities()));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    sessions.signedIn(request);
    audit.record("sign-in", "one-time sign-in link; password chosen");
    redirect.addFlashAttribute(
        "flash", "Your password is set. Now add an authenticator app under Account.");
    return "redirect:/newsroom/account";
  }

  private static String spent(HttpServletResponse response, Model model) {
    response.setStatus(410);
    model.addAttribute("page", new WelcomePage(null, null, Map.of()));
    return "newsroom/welcome";
  }
}
