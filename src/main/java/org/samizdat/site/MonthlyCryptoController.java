package org.samizdat.site;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.Frequency;
import org.samizdat.revenue.MonthlyCryptoReminders;
import org.samizdat.revenue.PaymentProvider;
import org.samizdat.revenue.PaymentProviders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Where a monthly crypto reminder leads: a button that opens a fresh invoice for the reader's
 * amount (never opened by merely following the link, which mail scanners do), and the way to stop
 * the reminders. The stop address also takes one-click unsubscribes (RFC 8058).
 */
@Controller
class MonthlyCryptoController {

  private final MonthlyCryptoReminders reminders;
  private final PaymentProviders providers;
  private final SiteChromes chromes;
  private final PlatformSettings settings;

  MonthlyCryptoController(
      MonthlyCryptoReminders reminders,
      PaymentProviders providers,
      SiteChromes chromes,
      PlatformSettings settings) {
    this.reminders = reminders;
    this.providers = providers;
    this.chromes = chromes;
    this.settings = settings;
  }

  @GetMapping({
    "/support/monthly/{id}",
    "/ru/support/monthly/{id}",
    "/support/monthly/{id}/stop",
    "/ru/support/monthly/{id}/stop"
  })
  String page(
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    MonthlyCryptoReminders.Reminder reminder =
        reminders.find(uuid(id, language)).orElseThrow(() -> gone(language));
    String provider =
        providers.active().stream()
            .filter(p -> p.id().equals(reminder.provider()))
            .findFirst()
            .or(
                () ->
                    providers.active().stream()
                        .filter(p -> SupportController.monthlyByEmail(p, Frequency.MONTHLY))
                        .findFirst())
            .map(PaymentProvider::id)
            .orElse(null);
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupportPages.MonthlyCrypto(
            chrome(language),
            reminder.id().toString(),
            reminder.amount().format(language.locale()),
            reminder.amount().minor(),
            reminder.amount().currencyCode(),
            provider,
            null));
    return "site/monthly-crypto";
  }

  @PostMapping({"/support/monthly/{id}/stop", "/ru/support/monthly/{id}/stop"})
  String stop(
      @PathVariable String id,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Language language = Edition.of(request);
    if (!reminders.delete(uuid(id, language))) {
      throw gone(language);
    }
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute(
        "page",
        new SupportPages.MonthlyCrypto(
            chrome(language),
            null,
            null,
            0,
            null,
            null,
            Messages.of(language).t("monthlyCrypto.stopped")));
    return "site/monthly-crypto";
  }

  private SiteChrome chrome(Language language) {
    Messages m = Messages.of(language);
    // the chrome's own links (language switch, canonical) lead to /support: the reminder's id is a
    // secret and stays out of them
    return chromes.forEditionPage(
        language,
        "/support",
        Meta.page(m.t("monthlyCrypto.page.title") + " · " + settings.name(), m.t("support.intro")),
        "support");
  }

  private static UUID uuid(String id, Language language) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw gone(language);
    }
  }

  private static NotFoundException gone(Language language) {
    return new NotFoundException(Messages.of(language).t("monthlyCrypto.gone"));
  }
}
