package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.reach.newsletter.DigestRun;
import org.samizdat.reach.newsletter.NewsletterAdmin;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The newsletter's subscribers and issues, for editors and admins. */
@Controller
class NewsletterController {

  private static final int ISSUES_SHOWN = 10;

  private final NewsletterAdmin newsletter;
  private final Clock clock;
  private final ZoneId zone;

  private final AuditLog audit;

  NewsletterController(
      NewsletterAdmin newsletter, Clock clock, PlatformSettings platform, AuditLog audit) {
    this.audit = audit;
    this.newsletter = newsletter;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  @GetMapping("/newsroom/newsletter")
  String show(
      @RequestParam(defaultValue = "") String q,
      @RequestParam(defaultValue = "1") int page,
      @AuthenticationPrincipal StaffPrincipal me,
      Model model) {
    requirePublisher(me);
    String query = q.trim();
    model.addAttribute(
        "page",
        new NewsletterPage(
            newsletter.subscribers(query, page),
            query,
            newsletter.counts(),
            newsletter.recentIssues(ISSUES_SHOWN),
            zone.getId()));
    return "newsroom/newsletter";
  }

  @GetMapping("/newsroom/newsletter/subscribers.csv")
  void csv(
      @RequestParam(defaultValue = "") String q,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response)
      throws IOException {
    requirePublisher(me);
    response.setContentType("text/csv; charset=utf-8");
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\"newsletter-subscribers-"
            + LocalDate.now(clock.withZone(zone))
            + ".csv\"");
    response.setHeader("Cache-Control", "no-store");
    Writer writer = response.getWriter();
    NewsletterCsv csv = new NewsletterCsv(writer, zone);
    csv.header();
    newsletter.exportSubscribers(q.trim(), csv::line);
    writer.flush();
  }

  @PostMapping("/newsroom/newsletter/subscribers/{id}/delete")
  String remove(
      @PathVariable String id,
      @RequestParam(defaultValue = "") String q,
      @AuthenticationPrincipal StaffPrincipal me,
      RedirectAttributes redirect) {
    requirePublisher(me);
    if (!newsletter.remove(uuid(id), me.displayName())) {
      throw new NotFoundException(
          "There is no such subscriber; someone may have removed them already.");
    }
    audit.record("newsletter-subscriber-delete", "subscriber " + id);
    redirect.addFlashAttribute("flash", "Subscriber removed: their address is deleted.");
    redirect.addAttribute("q", q);
    return "redirect:/newsroom/newsletter";
  }

  @PostMapping("/newsroom/newsletter/send-now")
  String sendNow(@AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) {
    requirePublisher(me);
    List<DigestRun> runs = newsletter.sendTodaysDigestNow(me.displayName());
    redirect.addFlashAttribute(
        "flash", runs.stream().map(DigestRun::describe).collect(Collectors.joining(" ")));
    return "redirect:/newsroom/newsletter";
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("There is no such subscriber.");
    }
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (me == null || !me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins see the newsletter's subscribers.");
    }
  }
}
