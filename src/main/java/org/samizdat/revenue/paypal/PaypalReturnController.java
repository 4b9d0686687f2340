package org.samizdat.revenue.paypal;

import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.web.NotFoundException;
import org.samizdat.revenue.CheckoutDetails;
import org.samizdat.revenue.Contributions;
import org.samizdat.revenue.PaymentProviders;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Where PayPal sends the reader back after approving. A one-time order is captured here (a PayPal
 * order is only a promise until captured); the gift itself is recorded when PayPal's capture
 * webhook arrives. If PayPal is down or declines, the reader goes back to the choice of payment
 * methods with the same gift and a plain word about what happened; nothing was charged.
 */
@Controller
class PaypalReturnController {

  private final ObjectProvider<PaypalProvider> paypal;
  private final PaymentProviders providers;
  private final Contributions contributions;
  private final PaypalRepository repository;

  PaypalReturnController(
      ObjectProvider<PaypalProvider> paypal,
      PaymentProviders providers,
      Contributions contributions,
      PaypalRepository repository) {
    this.paypal = paypal;
    this.providers = providers;
    this.contributions = contributions;
    this.repository = repository;
  }

  @GetMapping({PaypalProvider.RETURN_PATH, "/ru" + PaypalProvider.RETURN_PATH})
  String back(
      @RequestParam(required = false) String checkout,
      @RequestParam(required = false) String token,
      HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
    PaypalProvider provider = paypal.getIfAvailable();
    if (provider == null || providers.get(provider.id()).isEmpty()) {
      throw new NotFoundException("PayPal is not in use here.");
    }
    CheckoutDetails details =
        uuid(checkout)
            .flatMap(contributions::checkout)
            .filter(c -> c.provider().equals(provider.id()))
            .orElseThrow(() -> new NotFoundException("There is no such PayPal checkout."));
    String edition = Language.fromCode(details.language()).orElse(Language.EN).pathPrefix();
    String thanks = "redirect:" + edition + "/support/thanks?checkout=" + details.id();
    if (details.frequency().isRecurring() || "COMPLETED".equals(details.status())) {
      return thanks; // a subscription needs no capture; a completed one is already counted
    }
    String orderId = repository.orderId(details.id()).orElse(null);
    if (orderId == null || (token != null && !token.equals(orderId))) {
      throw new NotFoundException("That PayPal order does not belong to this checkout.");
    }
    return switch (provider.capture(orderId)) {
      case CAPTURED -> thanks;
      case DECLINED -> back(edition, details, "declined");
      case UNAVAILABLE -> back(edition, details, "unavailable");
    };
  }

  private static String back(String edition, CheckoutDetails details, String problem) {
    return "redirect:"
        + edition
        + "/support/pay?frequency="
        + details.frequency().code()
        + "&amount="
        + URLEncoder.encode(details.amount().toMajor().toPlainString(), StandardCharsets.UTF_8)
        + "&currency="
        + details.amount().currencyCode()
        + "&problem="
        + problem;
  }

  private static Optional<UUID> uuid(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(UUID.fromString(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
