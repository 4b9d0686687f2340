package org.samizdat.newsroom;

import org.samizdat.platform.audit.AuditLog;
import org.samizdat.reach.export.ExportRunner;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The static copy of the site, written on an editor's request, and how the last one went. */
@Controller
class ExportController {

  private final ExportRunner runner;

  private final AuditLog audit;

  ExportController(ExportRunner runner, AuditLog audit) {
    this.audit = audit;
    this.runner = runner;
  }

  @GetMapping("/newsroom/export")
  String show(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute("page", new ExportPage(runner.status()));
    return "newsroom/export";
  }

  @PostMapping("/newsroom/export")
  String start(
      @AuthenticationPrincipal StaffPrincipal me,
      @RequestParam(defaultValue = "") String changes,
      RedirectAttributes redirect) {
    requirePublisher(me);
    boolean changesOnly = changes.equals("1");
    boolean started = runner.start(me.displayName(), changesOnly);
    if (started) {
      audit.record("export", changesOnly ? "static copy, changes only" : "static copy");
    }
    redirect.addFlashAttribute(
        "flash",
        started
            ? "Export started. Reload this page to see when it is done."
            : "An export is already running; reload this page to see when it is done.");
    return "redirect:/newsroom/export";
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (!me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins export the site.");
    }
  }
}
