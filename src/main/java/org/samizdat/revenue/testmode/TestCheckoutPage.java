package org.samizdat.revenue.testmode;

import org.samizdat.revenue.CheckoutDetails;

/** The test-mode checkout page. */
public record TestCheckoutPage(
    String siteName,
    CheckoutDetails checkout,
    String amount,
    String email,
    String name,
    String error) {
  public boolean russian() {
    return "ru".equals(checkout.language());
  }
}
