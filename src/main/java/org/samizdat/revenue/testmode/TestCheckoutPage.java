package org.samizdat.revenue.testmode;

import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;
import org.samizdat.revenue.CheckoutDetails;

/** The test-mode checkout page, in the language the reader gave in. */
public record TestCheckoutPage(
    String siteName,
    CheckoutDetails checkout,
    String amount,
    String email,
    String name,
    String error) {

  public Messages messages() {
    return Messages.of(Language.fromCode(checkout.language()).orElse(Language.EN));
  }

  public String t(String key) {
    return messages().t(key);
  }

  /** " a month", " once": what follows the amount. */
  public String per() {
    return " " + t("testmode.per." + checkout.frequency().code());
  }
}
