package org.samizdat.site;

import java.util.List;

/** The view records of the support pages. */
public final class SupportPages {
  private SupportPages() {}

  /** /support: the appeal form on a page of its own, with other ways to give. */
  public record Support(
      SiteChrome chrome, String error, String shownCurrency, String shownFrequency) {
    public Support(SiteChrome chrome, String error) {
      this(chrome, error, null, null);
    }
  }

  /**
   * /support/pay: the chosen gift, and the providers that take it.
   *
   * @param problem why the last try did not go through (a provider down, a payment declined), or
   *     null
   */
  public record Pay(
      SiteChrome chrome,
      String summary,
      String frequency,
      long amountMinor,
      String currency,
      List<Method> methods,
      String problem) {}

  /**
   * @param monthlyByEmail takes no automatic monthly payment but one gift at a time (crypto): offer
   *     this month's gift with an optional monthly e-mail
   */
  public record Method(
      String id, String name, boolean takesThis, boolean monthlyByEmail, String takes) {}

  /**
   * /support/monthly/{id}: the page a monthly crypto reminder links to.
   *
   * @param provider the rail that opens the invoice now, or null when none does
   */
  public record MonthlyCrypto(
      SiteChrome chrome,
      String id,
      String amount,
      long amountMinor,
      String currency,
      String provider,
      String message) {}

  /** /support/thanks and /support/cancelled. */
  public record Outcome(
      SiteChrome chrome,
      String title,
      String body,
      String amount,
      boolean thanks,
      Receipt receipt,
      String retryUrl) {
    public Outcome(SiteChrome chrome, String title, String body, String amount, boolean thanks) {
      this(chrome, title, body, amount, thanks, null, null);
    }

    public Outcome(
        SiteChrome chrome,
        String title,
        String body,
        String amount,
        boolean thanks,
        Receipt receipt) {
      this(chrome, title, body, amount, thanks, receipt, null);
    }
  }

  /** A receipt shown on screen, for gifts that leave no address to mail one to. */
  public record Receipt(String amount, String date, String reference) {}

  /**
   * After a one-time gift: turning it into a small monthly gift, one click into the same provider's
   * checkout (or into the payment methods when that provider takes no monthly gifts).
   */
  public record MonthlyOffer(
      String provider,
      long amountMinor,
      String amountMajor,
      String currency,
      String amount,
      boolean direct) {}
}
