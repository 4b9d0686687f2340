package org.samizdat.site;

import java.util.List;

/**
 * The banner and the appeal as every reader of one edition gets them: the same HTML for all.
 * Whether a reader dismissed, snoozed or already gave is decided in their browser, from the data
 * attributes, and never sent to us.
 */
public record SupportBlock(
    String bannerHtml,
    String appealHtml,
    String raised,
    String goal,
    int percent,
    boolean testMode,
    String defaultFrequency,
    List<FrequencyOption> frequencies,
    String currency,
    List<String> currencies,
    String otherWaysHtml,
    int dismissDays,
    int remindDays,
    int capViews,
    int capDays,
    int thanksDays,
    List<String> providerNames,
    java.util.Map<String, Long> experimentControls,
    List<CurrencyOption> currencyOptions,
    List<org.samizdat.revenue.GivingDetails.BankAccount> bankAccounts,
    List<CryptoOption> cryptoAddresses,
    String appealHeading,
    String appealButton,
    String bannerButton) {

  /**
   * The control variant's id of the experiment running on a placement ("banner", "appeal",
   * "support", "thanks"), or null: readers without JavaScript see the control and are counted as
   * such.
   */
  public Long controlOf(String placement) {
    return experimentControls.get(placement);
  }

  /** One accepted currency with its own amounts and minimums per frequency. */
  public record CurrencyOption(
      String code, String symbol, boolean isGoal, List<FrequencyOption> frequencies) {

    /** The name of its amount buttons per frequency: the goal's keep the plain name. */
    public String field(String frequency) {
      return isGoal ? "amount_" + frequency : "amount_" + frequency + "_" + code;
    }
  }

  public CurrencyOption currencyOption(String code) {
    return currencyOptions.stream()
        .filter(c -> c.code().equals(code))
        .findFirst()
        .orElse(currencyOptions.isEmpty() ? null : currencyOptions.get(0));
  }

  /** A wallet address with its QR code (an SVG of our own making, see QrSvg). */
  public record CryptoOption(String currency, String address, String qrSvg) {}

  public record FrequencyOption(
      String code, String label, List<AmountOption> amounts, String minimum, boolean isDefault) {}

  public record AmountOption(String value, String label, boolean preselected) {}
}
