package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.publishing.Taxonomy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admins manage staff accounts (the security chain admits only ADMIN here). */
@Controller
class StaffController {

  private final StaffDirectory staff;
  private final Taxonomy taxonomy;
  private final SecondFactors factors;

  StaffController(StaffDirectory staff, Taxonomy taxonomy, SecondFactors factors) {
    this.staff = staff;
    this.taxonomy = taxonomy;
    this.factors = factors;
  }

  @PostMapping("/newsroom/staff/second-factor")
  String secondFactorPolicy(
      @RequestParam(defaultValue = "false") boolean required, RedirectAttributes redirect) {
    factors.setRequired(required);
    redirect.addFlashAttribute(
        "flash",
        required
            ? "A second factor is now required: staff without one are sent to set one up when they next sign in."
            : "A second factor is no longer required.");
    return "redirect:/newsroom/staff";
  }

  @GetMapping("/newsroom/staff")
  String list(Model model) {
    model.addAttribute("page", page(Map.of()));
    return "newsroom/staff";
  }

  @PostMapping("/newsroom/staff")
  String create(
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String displayName,
      @RequestParam(defaultValue = "") String password,
      @RequestParam(defaultValue = "") String role,
      @RequestParam(required = false) Long authorId,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    try {
      staff.create(email, displayName, password, parseRole(role), authorId);
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", page(e.problems()));
      return "newsroom/staff";
    }
    redirect.addFlashAttribute("flash", "Staff member " + email.trim() + " added.");
    return "redirect:/newsroom/staff";
  }

  @PostMapping("/newsroom/staff/{id}")
  String update(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String displayName,
      @RequestParam(defaultValue = "") String role,
      @RequestParam(required = false) Long authorId,
      @RequestParam(defaultValue = "false") boolean enabled,
      @RequestParam(defaultValue = "") String password,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    try {
      staff.update(id, displayName, parseRole(role), authorId, enabled);
      if (!password.isEmpty()) {
        // an admin setting their own password keeps the session they are using
        staff.changePassword(id, password, me.id() == id ? request.getSession().getId() : null);
      }
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", page(e.problems()));
      return "newsroom/staff";
    }
    redirect.addFlashAttribute("flash", "Staff member saved.");
    return "redirect:/newsroom/staff";
  }

  /**
   * A member lost a device, or it was taken: their authenticator app and every passkey go, and so
   * do their sessions. They sign in with their password next (and set up a second factor again,
   * when one is required).
   */
  @PostMapping("/newsroom/staff/{id}/second-factors/remove")
  String removeSecondFactors(@PathVariable long id, RedirectAttributes redirect) {
    StaffMember member =
        staff.find(id).orElseThrow(() -> new BadRequestException("No such staff member."));
    factors.removeAll(member);
    staff.signOutEverywhere(id);
    redirect.addFlashAttribute(
        "flash",
        "The authenticator app and passkeys of "
            + member.email()
            + " were removed and their sessions ended.");
    return "redirect:/newsroom/staff";
  }

  private StaffPage page(Map<String, String> errors) {
    return new StaffPage(
        staff.all(), taxonomy.authors(), errors, factors.required(), factors.summary());
  }

  private static StaffRole parseRole(String role) {
    try {
      return StaffRole.valueOf(role.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Unknown role '" + role + "': choose admin, editor or author.");
    }
  }
}
