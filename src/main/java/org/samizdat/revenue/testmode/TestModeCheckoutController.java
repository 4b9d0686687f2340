package org.samizdat.revenue.testmode;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.UUID;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.mail.Mail;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.CheckoutDetails;
import org.samizdat.revenue.Contributions;
import org.samizdat.revenue.PaymentProviders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The test-mode provider's checkout page: what Stripe's hosted page is in live mode. */
@Controller
class TestModeCheckoutController {

  private final TestModeProvider provider;
  private final PaymentProviders providers;
  private final Contributions contributions;
  private final PlatformSettings settings;

  TestModeCheckoutController(
      TestModeProvider provider,
      PaymentProviders providers,
      Contributions contributions,
      PlatformSettings settings) {
    this.provider = provider;
    this.providers = providers;
    this.contributions = contributions;
    this.settings = settings;
  }

  @GetMapping("/support/testmode/{id}")
  String page(@PathVariable String id, HttpServletResponse response, Model model) {
    CheckoutDetails checkout = find(id);
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("page", page(checkout, "", "", null));
    return "revenue/testmode-checkout";
  }

  @PostMapping("/support/testmode/{id}")
  String submit(
      @PathVariable String id,
      @RequestParam(defaultValue = "") String action,
      @RequestParam(defaultValue = "") String email,
      @RequestParam(defaultValue = "") String name,
      HttpServletResponse response,
      Model model) {
    CheckoutDetails checkout = find(id);
    TestModeSessionRepository.Session session =
        provider
            .session(checkout.id())
            .orElseThrow(() -> new NotFoundException("This test checkout has expired."));
    response.setHeader("Cache-Control", "no-store");
    if ("decline".equals(action)) {
      return "redirect:" + session.cancelUrl();
    }
    if (!"pay".equals(action)) {
      throw new BadRequestException("Choose Pay or Decline.");
    }
    if ("COMPLETED".equals(checkout.status())) {
      return "redirect:" + session.successUrl();
    }
    if (checkout.anonymous()) {
      // Given without an address: none is asked, none is sent on.
      provider.pay(checkout.id(), null, checkout.frequency(), checkout.amount());
      return "redirect:" + session.successUrl();
    }
    if (!Mail.isAddress(email)) {
      response.setStatus(400);
      model.addAttribute(
          "page", page(checkout, email, name, messages(checkout).t("testmode.error.email")));
      return "revenue/testmode-checkout";
    }
    if (name.length() > 120) {
      response.setStatus(400);
      model.addAttribute(
          "page", page(checkout, email, name, messages(checkout).t("testmode.error.name")));
      return "revenue/testmode-checkout";
    }
    // The name is asked for as a real checkout asks for it, and never stored: nothing needs it.
    provider.pay(checkout.id(), email.trim(), checkout.frequency(), checkout.amount());
    return "redirect:" + session.successUrl();
  }

  private CheckoutDetails find(String id) {
    if (!providers.testMode()) {
      throw new NotFoundException("Test mode is off: this newsroom takes real payments.");
    }
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("There is no such test checkout.");
    }
    return contributions
        .checkout(uuid)
        .filter(c -> c.provider().equals(TestModeProvider.ID))
        .orElseThrow(() -> new NotFoundException("There is no such test checkout."));
  }

  private static org.samizdat.platform.i18n.Messages messages(CheckoutDetails checkout) {
    return org.samizdat.platform.i18n.Messages.of(
        org.samizdat.platform.i18n.Language.fromCode(checkout.language())
            .orElse(org.samizdat.platform.i18n.Language.EN));
  }

  private TestCheckoutPage page(CheckoutDetails checkout, String email, String name, String error) {
    Locale locale = Locale.forLanguageTag(checkout.language());
    return new TestCheckoutPage(
        settings.name(), checkout, checkout.amount().format(locale), email, name, error);
  }
}
