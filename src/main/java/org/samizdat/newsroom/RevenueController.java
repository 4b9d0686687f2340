package org.samizdat.newsroom;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.Keyset;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.audit.AuditLog;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.AmountRule;
import org.samizdat.revenue.Funding;
import org.samizdat.revenue.FundingSettingsEditor;
import org.samizdat.revenue.FundingSettingsEditor.Form;
import org.samizdat.revenue.FundingSettingsEditor.RuleForm;
import org.samizdat.revenue.ManualContributions;
import org.samizdat.revenue.PaymentEventProcessor;
import org.samizdat.revenue.PaymentReviews;
import org.samizdat.revenue.RevenueReports;
import org.samizdat.revenue.RevenueReports.ContributionFilter;
import org.samizdat.revenue.RevenueReports.EntryDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The newsroom's money screens, for editors and admins: numbers, the ledger, hand-recorded entries,
 * settings.
 */
@Controller
class RevenueController {

  private static final int UNMATCHED_SHOWN = 500;

  private final RevenueReports reports;
  private final ManualContributions manual;
  private final FundingSettingsEditor settingsEditor;
  private final Funding funding;
  private final PaymentEventProcessor processor;
  private final Clock clock;
  private final ZoneId zone;

  private final AuditLog audit;
  private final PaymentReviews reviews;

  RevenueController(
      RevenueReports reports,
      ManualContributions manual,
      FundingSettingsEditor settingsEditor,
      Funding funding,
      PaymentEventProcessor processor,
      Clock clock,
      PlatformSettings platform,
      AuditLog audit,
      PaymentReviews reviews) {
    this.audit = audit;
    this.reviews = reviews;
    this.reports = reports;
    this.manual = manual;
    this.settingsEditor = settingsEditor;
    this.funding = funding;
    this.processor = processor;
    this.clock = clock;
    this.zone = platform.timeZone();
  }

  @GetMapping("/newsroom/revenue")
  String dashboard(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute(
        "page", new RevenueDashboardPage(reports.dashboard(), zone.getId(), reviews.openCount()));
    return "newsroom/revenue";
  }

  @GetMapping("/newsroom/revenue/contributions")
  String contributions(
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String kind,
      @RequestParam(defaultValue = "") String rail,
      @RequestParam(required = false) String older,
      @RequestParam(required = false) String newer,
      @RequestParam(defaultValue = "false") boolean oldest,
      @AuthenticationPrincipal StaffPrincipal me,
      Model model) {
    requirePublisher(me);
    ContributionFilter filter = new ContributionFilter(email, kind, rail);
    Keyset position = Keyset.of(older, newer, oldest);
    model.addAttribute(
        "page",
        new ContributionsPage(reports.contributions(filter, position), filter, reports.rails()));
    return "newsroom/revenue-contributions";
  }

  @GetMapping("/newsroom/revenue/contributions.csv")
  void contributionsCsv(
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String kind,
      @RequestParam(defaultValue = "") String rail,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response)
      throws IOException {
    requirePublisher(me);
    ContributionFilter filter = new ContributionFilter(email, kind, rail);
    response.setContentType("text/csv; charset=utf-8");
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\"contributions-" + LocalDate.now(clock.withZone(zone)) + ".csv\"");
    response.setHeader("Cache-Control", "no-store");
    Writer writer = response.getWriter();
    ContributionsCsv csv = new ContributionsCsv(writer, zone);
    csv.header();
    reports.exportContributions(filter, csv::line);
    writer.flush();
  }

  @GetMapping("/newsroom/revenue/contributions/{id}")
  String contribution(
      @PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute("page", new ContributionPage(entry(id), "", Map.of()));
    return "newsroom/revenue-contribution";
  }

  @PostMapping("/newsroom/revenue/contributions/{id}/refund")
  String refund(
      @PathVariable long id,
      @RequestParam(defaultValue = "") String amount,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    Money refunded;
    try {
      refunded = manual.refund(id, amount);
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", new ContributionPage(entry(id), amount, e.problems()));
      return "newsroom/revenue-contribution";
    }
    audit.record("refund", "contribution " + id + ": " + RevenueDashboardPage.money(refunded));
    redirect.addFlashAttribute(
        "flash", "Refund of " + RevenueDashboardPage.money(refunded) + " recorded.");
    return "redirect:/newsroom/revenue/contributions/" + id;
  }

  @GetMapping("/newsroom/revenue/offline-gift")
  String offlineGift(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    String today = LocalDate.now(clock.withZone(zone)).toString();
    model.addAttribute(
        "page",
        new OfflineGiftPage(
            currencies(),
            "",
            "",
            funding.settings().goal().currencyCode(),
            today,
            "en",
            today,
            Map.of()));
    return "newsroom/revenue-offline-gift";
  }

  @PostMapping("/newsroom/revenue/offline-gift")
  String recordOfflineGift(
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String amount,
      @RequestParam(defaultValue = "") String currency,
      @RequestParam(defaultValue = "") String date,
      @RequestParam(defaultValue = "en") String language,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    long entry;
    try {
      entry = manual.recordOfflineGift(email, amount, currency, date, language);
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute(
          "page",
          new OfflineGiftPage(
              currencies(),
              email,
              amount,
              currency,
              date,
              language,
              LocalDate.now(clock.withZone(zone)).toString(),
              e.problems()));
      return "newsroom/revenue-offline-gift";
    }
    audit.record("offline-gift", "contribution " + entry);
    redirect.addFlashAttribute("flash", "Offline gift from " + email.trim() + " recorded.");
    return "redirect:/newsroom/revenue/contributions/" + entry;
  }

  @GetMapping("/newsroom/revenue/unmatched")
  String unmatched(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute(
        "page",
        new UnmatchedEventsPage(reports.unmatched(UNMATCHED_SHOWN), reports.unmatchedCount()));
    return "newsroom/revenue-unmatched";
  }

  @PostMapping("/newsroom/revenue/unmatched/retry")
  String retryUnmatched(@AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) {
    requirePublisher(me);
    int applied = processor.retryUnmatched();
    long waiting = reports.unmatchedCount();
    redirect.addFlashAttribute(
        "flash",
        "Retried: "
            + Format.count(applied, "event", "events")
            + " applied, "
            + waiting
            + " still waiting.");
    return "redirect:/newsroom/revenue/unmatched";
  }

  @GetMapping("/newsroom/revenue/settings")
  String settings(@AuthenticationPrincipal StaffPrincipal me, Model model) {
    requirePublisher(me);
    model.addAttribute(
        "page", new FundingSettingsPage(settingsEditor.current(), currencies(), Map.of()));
    return "newsroom/revenue-settings";
  }

  @PostMapping("/newsroom/revenue/settings")
  String saveSettings(
      @RequestParam Map<String, String> params,
      @AuthenticationPrincipal StaffPrincipal me,
      HttpServletResponse response,
      Model model,
      RedirectAttributes redirect) {
    requirePublisher(me);
    Form form = form(params);
    try {
      settingsEditor.save(form);
    } catch (InputRejected e) {
      response.setStatus(400);
      model.addAttribute("page", new FundingSettingsPage(form, currencies(), e.problems()));
      return "newsroom/revenue-settings";
    }
    audit.record("settings-change", "funding settings");
    redirect.addFlashAttribute(
        "flash",
        "Funding settings saved. Readers see them as pages refresh, within a few minutes.");
    return "redirect:/newsroom/revenue/settings";
  }

  /** The form as sent: one row per amount rule on the page, plus the row for a new one. */
  private Form form(Map<String, String> p) {
    List<RuleForm> rules = new ArrayList<>();
    for (AmountRule r : funding.rules()) {
      String key = FundingSettingsEditor.ruleKey(r.currency(), r.frequency());
      if (p.containsKey(key + ".min")
          || p.containsKey(key + ".max")
          || p.containsKey(key + ".suggested")) {
        rules.add(
            new RuleForm(
                key,
                r.currency().getCurrencyCode(),
                r.frequency().name(),
                p.get(key + ".min"),
                p.get(key + ".max"),
                p.get(key + ".suggested")));
      }
    }
    String n = FundingSettingsPage.NEW_RULE;
    rules.add(
        new RuleForm(
            n,
            p.get(n + ".currency"),
            p.get(n + ".frequency"),
            p.get(n + ".min"),
            p.get(n + ".max"),
            p.get(n + ".suggested")));
    return new Form(
        p.get("goal"),
        p.get("goalCurrency"),
        p.get("adsDisabledSince"),
        p.get("bannerEn"),
        p.get("bannerRu"),
        p.get("appealEn"),
        p.get("appealRu"),
        p.get("otherWaysEn"),
        p.get("otherWaysRu"),
        p.get("defaultFrequency"),
        p.get("bannerDismissDays"),
        p.get("remindLaterDays"),
        p.get("appealCapViews"),
        p.get("appealCapDays"),
        p.get("thanksDays"),
        rules);
  }

  private EntryDetail entry(long id) {
    return reports
        .entry(id)
        .orElseThrow(() -> new NotFoundException("There is no ledger entry " + id + "."));
  }

  private List<String> currencies() {
    return funding.currencies().stream().map(Currency::getCurrencyCode).toList();
  }

  private static void requirePublisher(StaffPrincipal me) {
    if (me == null || !me.role().canPublish()) {
      throw new AccessDeniedException("Only editors and admins see the newsroom's revenue.");
    }
  }
}
