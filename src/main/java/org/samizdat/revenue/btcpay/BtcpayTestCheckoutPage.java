package org.samizdat.revenue.btcpay;

/** The local TEST MODE stand-in for BTCPay's checkout page. */
public record BtcpayTestCheckoutPage(
    String siteName,
    String invoiceId,
    String language,
    String amount,
    String btc,
    String description) {
  public boolean russian() {
    return "ru".equals(language);
  }
}
