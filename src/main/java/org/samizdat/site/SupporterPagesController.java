package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.samizdat.platform.InputRejected;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.PaymentProviderUnavailable;
import org.samizdat.revenue.Reminders;
import org.samizdat.revenue.Supporters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Manage my support" and "remind me later" by e-mail. No accounts and no cookies: a signed link in
 * the URL stands for the reader's e-mail address, and every page here is no-store.
 */
@Controller
class SupporterPagesController {

  private final Supporters supporters;
  private final Reminders reminders;
  private final SiteChromes chromes;
  private final PlatformSettings settings;

  SupporterPagesController(
      Supporters supporters, Reminders reminders, SiteChromes chromes, PlatformSettings settings) {
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
      supporters.sendManageLink(email, language.code());
    } catch (InputRejected e) {
      response.setStatus(400);
      return manageForm(language, String.join(" ", e.problems().values()), null, response, model);
    }
    return manageForm(
        language, null, Messages.of(language).t("supporter.link.sent"), response, model);
  }

  @GetMapping({"/support/manage/{token}", "/ru/support/manage/{token}"})
  String giving(
      @PathVariable String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    String email = verified(token);
    return givingPage(language, token, email, null, null, response, model);
  }

  @PostMapping({
    "/support/manage/{token}/recurring/{id}/cancel",
    "/ru/support/manage/{token}/recurring/{id}/cancel"
  })
  String cancel(
      @PathVariable String token,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String confirm,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    String email = verified(token);
    boolean own =
        supporters.giving(email).recurring().stream().anyMatch(r -> r.id() == id && r.active());
    if (own && !"yes".equals(confirm)) {
      // Asked once, in the page, with or without JavaScript: nothing changes until "Yes".
      return givingPage(
          Edition.of(request), token, email, null, null, id, 0, null, response, model);
    }
    return changeRecurring(
        token,
        request,
        response,
        model,
        "supporter.cancelled",
        (e, language) -> supporters.cancel(e, id, language.code()),
        0,
        null);
  }

  @PostMapping({
    "/support/manage/{token}/recurring/{id}/amount",
    "/ru/support/manage/{token}/recurring/{id}/amount"
  })
  String changeAmount(
      @PathVariable String token,
      @PathVariable long id,
      @RequestParam(defaultValue = "") String amount,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    // a refused amount stays in the field, as typed, to be corrected rather than retyped
    return changeRecurring(
        token,
        request,
        response,
        model,
        "supporter.changed",
        (email, language) -> supporters.changeAmount(email, id, amount, language.code()),
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
      reminders.create(email, date, language.code());
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
      String token,
      String email,
      String error,
      String message,
      HttpServletResponse response,
      Model model) {
    return givingPage(language, token, email, error, message, 0, 0, null, response, model);
  }

  private String givingPage(
      Language language,
      String token,
      String email,
      String error,
      String message,
      long confirmCancel,
      long typedFor,
      String typed,
      HttpServletResponse response,
      Model model) {
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupporterPages.Giving(
            chrome(language, "/support/manage", "support.manage"),
            token,
            supporters.giving(email),
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

  private String verified(String token) {
    return supporters
        .emailFor(token)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "This link is not valid or has expired. Ask for a new one on the Manage my support page."));
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
   * Verifies the link, makes the change to a recurring gift, and shows the reader's gifts again
   * with what happened: 400 with the reason when the change is refused, 503 when the provider is
   * away.
   */
  private String changeRecurring(
      String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model,
      String doneMessage,
      BiConsumer<String, Language> change,
      long typedFor,
      String typed) {
    Language language = Edition.of(request);
    String email = verified(token);
    try {
      change.accept(email, language);
    } catch (InputRejected e) {
      response.setStatus(400);
      return givingPage(
          language,
          token,
          email,
          String.join(" ", e.problems().values()),
          null,
          0,
          typedFor,
          typed,
          response,
          model);
    } catch (PaymentProviderUnavailable e) {
      response.setStatus(503);
      return givingPage(language, token, email, e.getMessage(), null, response, model);
    }
    return givingPage(
        language, token, email, null, Messages.of(language).t(doneMessage), response, model);
  }
}
