package org.samizdat.revenue.paypal;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.Currency;
import org.samizdat.platform.Money;
import org.samizdat.platform.PlatformSettings;
import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.platform.mail.Mail;
import org.samizdat.platform.web.BadRequestException;
import org.samizdat.platform.web.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local PayPal test mode's approval page: what PayPal's own page is in live mode. It says TEST
 * MODE, speaks the reader's language (the checkout's locale), asks only for a PayPal account's
 * e-mail, and on Approve sends the reader back to the address the checkout named, as PayPal does.
 */
@Controller
class PaypalTestModeApprovalController {

  private final PaypalTestModeApi api;
  private final PlatformSettings settings;

  PaypalTestModeApprovalController(PaypalTestModeApi api, PlatformSettings settings) {
    this.api = api;
    this.settings = settings;
  }

  @GetMapping(PaypalTestModeApi.APPROVE_PATH)
  String page(
      @RequestParam(required = false) String token, HttpServletResponse response, Model model) {
    ObjectNode object = find(token);
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("page", page(token, object, "", null));
    return "revenue/paypal-testmode-approve";
  }

  @PostMapping(PaypalTestModeApi.APPROVE_PATH)
  String submit(
      @RequestParam(required = false) String token,
      @RequestParam(defaultValue = "") String action,
      @RequestParam(defaultValue = "") String email,
      HttpServletResponse response,
      Model model) {
    ObjectNode object = find(token);
    response.setHeader("Cache-Control", "no-store");
    if ("cancel".equals(action)) {
      return "redirect:" + api.cancelUrl(token).orElse("/support");
    }
    if (!"approve".equals(action)) {
      throw new BadRequestException("Choose Approve or Cancel.");
    }
    if (!Mail.isAddress(email.trim())) {
      response.setStatus(400);
      Messages m = Messages.of(language(object));
      model.addAttribute("page", page(token, object, email, m.t("paypal.testmode.bad-email")));
      return "revenue/paypal-testmode-approve";
    }
    boolean subscription = "subscription".equals(object.path("testmode").path("kind").asString(""));
    String back =
        (subscription
                ? api.approveSubscription(token, email.trim())
                : api.approveOrder(token, email.trim()))
            .orElseThrow(() -> new NotFoundException("There is no such PayPal test checkout."));
    return "redirect:" + back;
  }

  private ObjectNode find(String token) {
    if (!api.active()) {
      throw new NotFoundException("PayPal test mode is off: this newsroom takes real payments.");
    }
    if (token == null || token.length() > 64) {
      throw new NotFoundException("There is no such PayPal test checkout.");
    }
    return api.find(token)
        .filter(o -> o.path("testmode").isObject())
        .orElseThrow(() -> new NotFoundException("There is no such PayPal test checkout."));
  }

  private static Language language(JsonNode object) {
    return object.path("testmode").path("locale").asString("").startsWith("ru")
        ? Language.RU
        : Language.EN;
  }

  private PaypalApprovalPage page(String token, ObjectNode object, String email, String error) {
    Language language = language(object);
    Messages m = Messages.of(language);
    boolean subscription = "subscription".equals(object.path("testmode").path("kind").asString(""));
    JsonNode price =
        subscription
            ? object
                .path("plan")
                .path("billing_cycles")
                .path(0)
                .path("pricing_scheme")
                .path("fixed_price")
            : object.path("purchase_units").path(0).path("amount");
    String amount;
    try {
      Currency currency = Currency.getInstance(price.path("currency_code").asString("USD"));
      long minor =
          new BigDecimal(price.path("value").asString("0"))
              .movePointRight(Math.max(0, currency.getDefaultFractionDigits()))
              .longValueExact();
      amount = new Money(minor, currency).format(language.locale());
    } catch (RuntimeException e) {
      amount = price.path("value").asString("") + " " + price.path("currency_code").asString("");
    }
    String per = "paypal.testmode.once";
    if (subscription) {
      String unit =
          api.find(object.path("plan_id").asString(""))
              .map(
                  p ->
                      p.path("billing_cycles")
                          .path(0)
                          .path("frequency")
                          .path("interval_unit")
                          .asString(""))
              .orElse("");
      per = "YEAR".equals(unit) ? "paypal.testmode.annual" : "paypal.testmode.monthly";
    }
    return new PaypalApprovalPage(
        language.code(),
        settings.name(),
        token,
        m.t("paypal.testmode.title"),
        m.t("paypal.testmode.flag"),
        amount + " " + m.t(per),
        m.t("paypal.testmode.email"),
        email,
        m.t("paypal.testmode.approve"),
        m.t("paypal.testmode.cancel"),
        error);
  }
}
