package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.limits.FormLimits;
import org.samizdat.platform.limits.TooManyRequests;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.PaymentProviderUnavailable;
import org.samizdat.revenue.Reminders;
import org.samizdat.revenue.SupporterGiving;
import org.samizdat.revenue.SupporterSessionExpired;
import org.samizdat.revenue.Supporters;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;

/**
 * "Manage my support" and "remind me later" by e-mail. No accounts and no cookies: the e-mailed
 * link works once and opens a short session whose random id is in the address of the reader's pages
 * (never their e-mail address), and every page here is no-store.
 */
@Controller
class SupporterPagesController {

  private final Supporters supporters;
  private final Reminders reminders;
  private final FormLimits limits;
  private final SiteChromes chromes;
  private final PlatformSettings settings;

  SupporterPagesController(
      Supporters supporters,
      Reminders reminders,
      FormLimits limits,
      SiteChromes chromes,
      PlatformSettings settings) {
    this.limits = limits;
    this.supporters = supporters;
    this.reminders = reminders;
    this.chromes = chromes;
    this.settings = settings;
  }

  @GetMapping({"/support/manage", "/ru/support/manage"})
  String manage(HttpServletRequest request, HttpServletResponse response, Model model) {
    return manageForm(Edition.of(request), null, null, response, model);
  }

  @PostMapping({"/support/manage", "/ru/support/manage"})
  String requestLink(
      @RequestParam(defaultValue = "") String email,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    try {
      limits.client(request.getRemoteAddr());
      supporters.sendManageLink(email, language.code());
    } catch (TooManyRequests e) {
      tooMany(e, response);
      return manageForm(language, tryAgain(language, e), null, response, model);
    } catch (InputRejected e) {
      response.setStatus(400);
      return manageForm(language, String.join(" ", e.problems().values()), null, response, model);
    }
    return manageForm(
        language, null, Messages.of(language).t("supporter.link.sent"), response, model);
  }

  /**
   * The e-mailed link opens a page with a button rather than the reader's page itself: mail
   * scanners follow links, and following this one must not use it up.
   */
  @GetMapping({"/support/manage/{token}", "/ru/support/manage/{token}"})
  String openLink(
      @PathVariable String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    if (!supporters.linkValid(token)) {
      throw expired(language);
    }
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupporterPages.Open(
            chrome(language, "/support/manage", "supporter.open.title"), token));
    return "site/manage-open";
  }

  @PostMapping({"/support/manage/{token}", "/ru/support/manage/{token}"})
  String useLink(
      @PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
    Language language = Edition.of(request);
    String session = supporters.openSession(token).orElseThrow(() -> expired(language));
    response.setHeader("Cache-Control", "no-store");
    // 303: the browser GETs the page, and a reload never posts the used link again
    request.setAttribute(View.RESPONSE_STATUS_ATTRIBUTE, HttpStatus.SEE_OTHER);
    return "redirect:" + SiteLinks.edition(language, "/support/manage/session/" + session);
  }

  @GetMapping({"/support/manage/session/{session}", "/ru/support/manage/session/{session}"})
  String giving(
      @PathVariable String session,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    return givingPage(language, session, null, null, response, model);
  }

  @GetMapping(
      value = {
        "/support/manage/session/{session}/data.json",
        "/ru/support/manage/session/{session}/data.json"
      },
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> export(@PathVariable String session, HttpServletRequest request) {
    Language language = Edition.of(request);
    String json;
    try {
      json = supporters.export(session);
    } catch (SupporterSessionExpired e) {
      throw expired(language);
    }
    return ResponseEntity.ok()
        .header("Cache-Control", "no-store")
        .header("Content-Disposition", "attachment; filename=\"my-support-data.json\"")
        .contentType(MediaType.APPLICATION_JSON)
        .body(json);
  }

  @PostMapping({
    "/support/manage/session/{session}/erase",
    "/ru/support/manage/session/{session}/erase"
  })
  String erase(
      @PathVariable String session,
      @RequestParam(defaultValue = "") String confirm,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    Messages m = Messages.of(language);
    if (!"yes".equals(confirm)) {
      response.setStatus(400);
      return givingPage(
          language, session, m.t("supporter.erase.unconfirmed"), null, response, model);
    }
    try {
      supporters.erase(session);
    } catch (SupporterSessionExpired e) {
      throw expired(language);
    } catch (InputRejected e) {
      response.setStatus(400);
      return givingPage(
          language, session, String.join(" ", e.problems().values()), null, response, model);
    } catch (PaymentProviderUnavailable e) {
      response.setStatus(503);
      return givingPage(language, session, e.getMessage(), null, response, model);
    }
    return manageForm(language, null, m.t("supporter.erased"), response, model);
  }

  @PostMapping({
    "/support/manage/session/{session}/end",
    "/ru/support/manage/session/{session}/end"
  })
  String end(
      @PathVariable String session,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    supporters.endSession(session);
    return manageForm(language, null, Messages.of(language).t("supporter.ended"), response, model);
  }

  @PostMapping({
    "/support/manage/session/{session}/crypto-reminder/{id}/stop",
    "/ru/support/manage/session/{session}/crypto-reminder/{id}/stop"
  })
  String stopCryptoReminder(
      @PathVariable String session,
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    boolean stopped;
    try {
      stopped = supporters.stopCryptoReminder(session, uuid(id));
    } catch (SupporterSessionExpired e) {
      throw expired(language);
    }
    if (!stopped) {
      response.setStatus(404);
      return givingPage(
          language, session, Messages.of(language).t("monthlyCrypto.gone"), null, response, model);
    }
    return givingPage(
        language, session, null, Messages.of(language).t("monthlyCrypto.stopped"), response, model);
  }

  @PostMapping({
    "/support/manage/session/{session}/recurring/{id}/cancel",
    "/ru/support/manage/session/{session}/recurring/{id}/cancel"
  })
  String cancel(
      @PathVariable String session,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String confirm,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    if (!"yes".equals(confirm)) {
      boolean own;
      try {
        own =
            supporters.giving(session).recurring().stream()
                .anyMatch(r -> r.id() == id && r.active());
      } catch (SupporterSessionExpired e) {
        throw expired(language);
      }
      if (own) {
        // Asked once, in the page, with or without JavaScript: nothing changes until "Yes".
        return givingPage(language, session, null, null, id, 0, null, response, model);
      }
    }
    return changeRecurring(
        session,
        language,
        response,
        model,
        "supporter.cancelled",
        () -> supporters.cancel(session, id, language.code()),
        0,
        null);
  }

  @PostMapping({
    "/support/manage/session/{session}/recurring/{id}/amount",
    "/ru/support/manage/session/{session}/recurring/{id}/amount"
  })
  String changeAmount(
      @PathVariable String session,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String amount,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    // a refused amount stays in the field, as typed, to be corrected rather than retyped
    Language language = Edition.of(request);
    return changeRecurring(
        session,
        language,
        response,
        model,
        "supporter.changed",
        () -> supporters.changeAmount(session, id, amount, language.code()),
        id,
        amount);
  }

  @GetMapping({"/support/remind", "/ru/support/remind"})
  String remind(HttpServletRequest request, HttpServletResponse response, Model model) {
    return remindPage(Edition.of(request), null, null, "", "", response, model);
  }

  @PostMapping({"/support/remind", "/ru/support/remind"})
  String createReminder(
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String date,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    try {
      limits.client(request.getRemoteAddr());
      reminders.create(email, date, language.code());
    } catch (TooManyRequests e) {
      tooMany(e, response);
      return remindPage(language, tryAgain(language, e), null, email, date, response, model);
    } catch (InputRejected e) {
      response.setStatus(400);
      return remindPage(
          language, String.join(" ", e.problems().values()), null, email, date, response, model);
    }
    return remindPage(
        language, null, Messages.of(language).t("reminder.created", date), "", "", response, model);
  }

  @GetMapping({"/support/remind/{id}", "/ru/support/remind/{id}"})
  String reminder(
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    UUID uuid = uuid(id);
    Messages m = Messages.of(language);
    String message = reminders.exists(uuid) ? null : m.t("reminder.gone");
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupporterPages.Reminder(
            chrome(language, "/support/remind", "reminder.delete.title"),
            uuid.toString(),
            message));
    return "site/reminder-delete";
  }

  @PostMapping({"/support/remind/{id}/delete", "/ru/support/remind/{id}/delete"})
  String deleteReminder(
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    reminders.delete(uuid(id));
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupporterPages.Reminder(
            chrome(language, "/support/remind", "reminder.delete.title"),
            null,
            Messages.of(language).t("reminder.deleted")));
    return "site/reminder-delete";
  }

  private String manageForm(
      Language language, String error, String message, HttpServletResponse response, Model model) {
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupporterPages.Manage(
            chrome(language, "/support/manage", "support.manage"), error, message));
    return "site/manage";
  }

  private String givingPage(
      Language language,
      String session,
      String error,
      String message,
      HttpServletResponse response,
      Model model) {
    return givingPage(language, session, error, message, 0, 0, null, response, model);
  }

  private String givingPage(
      Language language,
      String session,
      String error,
      String message,
      long confirmCancel,
      long typedFor,
      String typed,
      HttpServletResponse response,
      Model model) {
    SupporterGiving giving;
    try {
      giving = supporters.giving(session);
    } catch (SupporterSessionExpired e) {
      throw expired(language);
    }
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupporterPages.Giving(
            chrome(language, "/support/manage", "support.manage"),
            session,
            giving,
            error,
            message,
            settings.timeZone(),
            confirmCancel,
            typedFor,
            typed));
    return "site/giving";
  }

  private String remindPage(
      Language language,
      String error,
      String message,
      String email,
      String date,
      HttpServletResponse response,
      Model model) {
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupporterPages.Remind(
            chrome(language, "/support/remind", "support.remind.title"),
            error,
            message,
            email,
            date));
    return "site/remind";
  }

  /** 429 with Retry-After: nothing was sent, and the page says when to try again. */
  private static void tooMany(TooManyRequests e, HttpServletResponse response) {
    response.setStatus(429);
    response.setHeader("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
  }

  private static String tryAgain(Language language, TooManyRequests e) {
    return Messages.of(language).t("limits.try.again", String.valueOf(e.retryAfterMinutes()));
  }

  private static NotFoundException expired(Language language) {
    return new NotFoundException(Messages.of(language).t("supporter.expired"));
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("There is no such reminder.");
    }
  }

  private SiteChrome chrome(Language language, String path, String titleKey) {
    Messages m = Messages.of(language);
    return chromes.forEditionPage(
        language,
        path,
        Meta.page(m.t(titleKey) + " · " + settings.name(), m.t("support.intro")),
        "support");
  }

  /**
   * Makes the change to a recurring gift within the session, and shows the reader's gifts again
   * with what happened: 400 with the reason when the change is refused, 503 when the provider is
   * away.
   */
  private String changeRecurring(
      String session,
      Language language,
      HttpServletResponse response,
      Model model,
      String doneMessage,
      Runnable change,
      long typedFor,
      String typed) {
    try {
      change.run();
    } catch (SupporterSessionExpired e) {
      throw expired(language);
    } catch (InputRejected e) {
      response.setStatus(400);
      return givingPage(
          language,
          session,
          String.join(" ", e.problems().values()),
          null,
          0,
          typedFor,
          typed,
          response,
          model);
    } catch (PaymentProviderUnavailable e) {
      response.setStatus(503);
      return givingPage(language, session, e.getMessage(), null, response, model);
    }
    return givingPage(
        language, session, null, Messages.of(language).t(doneMessage), response, model);
  }
}
