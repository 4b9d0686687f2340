package org.samizdat.newsroom;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.audit.AuditQuery;
import org.samizdat.platform.web.BadRequestException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Admins read the audit log (the security chain admits only ADMIN here). */
@Controller
class AuditController {

  private final AuditLog audit;
  private final PlatformSettings settings;

  AuditController(AuditLog audit, PlatformSettings settings) {
    this.audit = audit;
    this.settings = settings;
  }

  @GetMapping("/newsroom/audit")
  String list(
      @RequestParam(defaultValue = "") String who,
      @RequestParam(defaultValue = "") String action,
      @RequestParam(defaultValue = "") String from,
      @RequestParam(defaultValue = "") String to,
      @AuthenticationPrincipal StaffPrincipal me,
      Model model) {
    if (me.role() != StaffRole.ADMIN) {
      throw new AccessDeniedException("Only admins read the audit log.");
    }
    if (!action.isBlank() && !AuditLog.ACTIONS.contains(action.trim())) {
      throw new BadRequestException(
          "Unknown action '" + action + "': choose one from the list, or all actions.");
    }
    LocalDate fromDay = day("from", from);
    LocalDate toDay = day("to", to);
    var query =
        new AuditQuery(
            who,
            action,
            fromDay == null ? null : fromDay.atStartOfDay(settings.timeZone()).toInstant(),
            toDay == null ? null : toDay.plusDays(1).atStartOfDay(settings.timeZone()).toInstant());
    model.addAttribute(
        "page",
        new AuditPage(audit.find(query), AuditLog.ACTIONS, who.trim(), action.trim(), from, to));
    return "newsroom/audit";
  }

  private static LocalDate day(String name, String value) {
    if (value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          "The '" + name + "' date must look like 2026-12-01, not '" + value + "'.");
    }
  }
}
