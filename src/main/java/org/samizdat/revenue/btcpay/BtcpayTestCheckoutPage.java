package org.samizdat.revenue.btcpay;

import org.samizdat.platform.i18n.Language;
import org.samizdat.platform.i18n.Messages;

/** The local TEST MODE stand-in for BTCPay's checkout page. */
public record BtcpayTestCheckoutPage(
    String siteName,
    String invoiceId,
    String language,
    String amount,
    String btc,
    String description) {
  public String t(String key) {
    return Messages.of(Language.fromCode(language).orElse(Language.EN)).t(key);
  }
}
